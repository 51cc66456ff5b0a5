namespace Domino.Client.Text;

/// <summary>Masks credentials in the server's words carried by the v4 models (names end up in logs and summaries).</summary>
internal static class ModelScrubbing
{
    public static DominoEnvironment ScrubEnvironment(this SecretScrubber scrubber, DominoEnvironment environment) =>
        environment with { Name = scrubber.Scrub(environment.Name), DockerImage = scrubber.ScrubOrNull(environment.DockerImage) };

    public static DominoHardwareTier ScrubTier(this SecretScrubber scrubber, DominoHardwareTier tier) =>
        tier with { Id = scrubber.Scrub(tier.Id), Name = scrubber.Scrub(tier.Name) };

    public static DominoRunExecutionDetails ScrubDetails(this SecretScrubber scrubber, DominoRunExecutionDetails details) => new(
        scrubber.ScrubOrNull(details.HardwareTierId),
        scrubber.ScrubOrNull(details.HardwareTierName),
        scrubber.ScrubOrNull(details.EnvironmentId),
        scrubber.ScrubOrNull(details.EnvironmentName));
}

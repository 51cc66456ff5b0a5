using Domino.Client.Configuration;

namespace Domino.Client.Text;

/// <summary>Replaces the configured key or token with <c>***</c> wherever text from outside (a server, a run) might echo it.</summary>
internal sealed class SecretScrubber(DominoCredentials credentials)
{
    public const string Mask = "***";

    public string Scrub(string text)
    {
        foreach (var secret in credentials.KnownSecrets)
        {
            if (secret.Length > 0)
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    public string? ScrubOrNull(string? text) => text is null ? null : Scrub(text);
}

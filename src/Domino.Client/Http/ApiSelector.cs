namespace Domino.Client.Http;

/// <summary>
/// Decides, once per <see cref="DominoClient"/>, which API it speaks: the configured mode, or for
/// <see cref="DominoApiMode.Auto"/> what one read-only probe finds. A probe that fails for another reason than
/// "no such route" decides nothing, so the next call asks again.
/// </summary>
internal sealed class ApiSelector(DominoApiMode configured, Uri host, IDominoLogger logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    // The decision as a finished task: a download asks for it once per file, and an async method would allocate a
    // task for every answer.
    private volatile Task<DominoApiMode>? _decided = configured == DominoApiMode.V1 ? Task.FromResult(DominoApiMode.V1) : null;

    /// <summary>The mode the client was configured with.</summary>
    public DominoApiMode Configured => configured;

    /// <summary><see cref="DominoApiMode.V4"/> or <see cref="DominoApiMode.V1"/>; probes through <paramref name="project"/> the first time.</summary>
    /// <exception cref="DominoConfigurationException">The mode is V4 and the server has no v4 Jobs API.</exception>
    public Task<DominoApiMode> ResolveAsync(DominoProjectClient project, CancellationToken cancellationToken) =>
        _decided ?? DecideAsync(project, cancellationToken);

    private async Task<DominoApiMode> DecideAsync(DominoProjectClient project, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_decided is { } raced)
            {
                return raced.Result;
            }

            var missing = await project.ProbeV4Async(cancellationToken).ConfigureAwait(false);
            DominoApiMode mode;
            if (missing is null)
            {
                mode = DominoApiMode.V4;
                logger.Log(configured == DominoApiMode.Auto ? DominoLogLevel.Information : DominoLogLevel.Debug,
                    $"Domino at {host} has the v4 Jobs API: runs start as v4 jobs and files download by path (API mode {configured}).");
            }
            else if (configured == DominoApiMode.V4)
            {
                throw new DominoConfigurationException(
                    $"The API mode is V4 (the Api setting or {DominoEnvironmentVariables.ApiMode}), but Domino at {host} has no v4 Jobs API: {missing} answered 404. "
                    + "Set the API mode to Auto (v4 where the server has it, else v1) or V1.",
                    DominoSetting.Api,
                    DominoSettingProblem.Invalid,
                    $"the API mode is V4, but Domino at {host} has no v4 Jobs API ({missing} answered 404); give Auto (v4 where the server has it, else v1) or V1.",
                    environmentVariables: [DominoEnvironmentVariables.ApiMode]);
            }
            else
            {
                mode = DominoApiMode.V1;
                logger.Log(DominoLogLevel.Information,
                    $"Domino at {host} has no v4 Jobs API ({missing} answered 404): using the v1 runs API and blob downloads (API mode Auto).");
            }

            _decided = Task.FromResult(mode);
            return mode;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}

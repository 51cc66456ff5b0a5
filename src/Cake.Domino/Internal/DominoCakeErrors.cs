using Cake.Core;

namespace Cake.Domino.Internal;

/// <summary>
/// Builds the <see cref="CakeException"/>s the aliases throw. Cake 7 seals <see cref="CakeException"/>, so the
/// details travel in <see cref="Exception.InnerException"/>: the client's own exception
/// (<c>DominoRunFailedException</c>, <c>DominoWaitTimeoutException</c>, ...) or an <see cref="OperationCanceledException"/>.
/// </summary>
internal static class DominoCakeErrors
{
    /// <summary>The exit code of a build cancelled by Ctrl-C (128 + SIGINT).</summary>
    public const int CancelledExitCode = 130;

    public static CakeException Failure(string message, Exception? innerException = null) =>
        new(1, message, innerException);

    public static CakeException Cancelled(string message, Exception innerException) =>
        new(CancelledExitCode, message, innerException);
}

using System.Reflection;
using System.Runtime.InteropServices;
using Domino.Emulator.Internal;

namespace Domino.Emulator;

/// <summary>The <c>domino-emulator</c> command.</summary>
internal static class Program
{
    private const int ExitOk = 0;
    private const int ExitFailure = 1;
    private const int ExitUsage = 2;

    public static async Task<int> Main(string[] args)
    {
        CommandLineResult parsed = CommandLine.Parse(args, Environment.GetEnvironmentVariable);
        if (parsed.ShowHelp)
        {
            Console.Out.WriteLine(CommandLine.Usage);
            return ExitOk;
        }

        if (parsed.ShowVersion)
        {
            Console.Out.WriteLine("domino-emulator " + (typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0"));
            return ExitOk;
        }

        if (parsed.Error is not null)
        {
            await Console.Error.WriteLineAsync("domino-emulator: error: " + parsed.Error).ConfigureAwait(false);
            await Console.Error.WriteLineAsync("Run 'domino-emulator --help' for usage.").ConfigureAwait(false);
            return ExitUsage;
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        DominoEmulator emulator;
        try
        {
            emulator = await DominoEmulator.StartAsync(parsed.Options).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync("domino-emulator: error: " + ex.Message.Replace(" (Parameter 'options')", "", StringComparison.Ordinal)).ConfigureAwait(false);
            return ExitUsage;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync("domino-emulator: could not start: " + ex.Message).ConfigureAwait(false);
            return ExitFailure;
        }

        await using (emulator.ConfigureAwait(false))
        {
            string url = emulator.BaseAddress.GetLeftPart(UriPartial.Authority);
            Console.Out.WriteLine("Domino emulator listening on " + url);
            Console.Out.WriteLine("Data folder: " + emulator.DataDirectory);
            if (emulator.TlsCertificate is { } certificate)
            {
                Console.Out.WriteLine("TLS certificate: self-signed, SHA-256 " + certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
            }

            Console.Out.WriteLine("Press Ctrl+C to stop.");
            Console.Out.Flush();
            await stop.Task.ConfigureAwait(false);
            Console.Out.WriteLine("Shutting down: stopping runs still going.");
        }

        Console.Out.WriteLine("Stopped.");
        return ExitOk;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Domino.Emulator.Internal.Runs;

/// <summary>Turns a run's command into a process: the interpreter for a script, the run's environment, and no credentials of the emulator.</summary>
internal static class RunCommand
{
    private static readonly string[] SecretVariables = ["DOMINO_EMULATOR_API_KEY", "DOMINO_EMULATOR_TOKEN", "DOMINO_USER_API_KEY", "DOMINO_TOKEN_FILE"];
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// The process for a run: with <c>isDirect</c>, its one string through <c>/bin/sh -c</c>; else the first element is a
    /// file run by its interpreter (<c>.py</c> python3, <c>.sh</c> bash, <c>.R</c> Rscript), a file of the checkout, or a
    /// program on the PATH, and the other elements are its arguments, passed as they are.
    /// </summary>
    public static ProcessStartInfo Build(RunState run, string workFolder, Uri? apiHost)
    {
        RunRecord record = run.Record;
        var startInfo = new ProcessStartInfo
        {
            WorkingDirectory = workFolder,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8NoBom,
            StandardErrorEncoding = Utf8NoBom,
        };

        if (record.IsDirect)
        {
            startInfo.FileName = "/bin/sh";
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add(record.Command[0]);
        }
        else
        {
            string first = record.Command[0];
            string? interpreter = Path.GetExtension(first).ToUpperInvariant() switch
            {
                ".PY" => "python3",
                ".SH" => "bash",
                ".R" => "Rscript",
                _ => null,
            };
            if (interpreter is not null)
            {
                startInfo.FileName = interpreter;
                startInfo.ArgumentList.Add(first);
            }
            else
            {
                string candidate = Path.GetFullPath(Path.Combine(workFolder, first));
                startInfo.FileName = File.Exists(candidate) ? candidate : first;
            }

            foreach (string argument in record.Command.Skip(1))
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        foreach (string name in SecretVariables)
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["DOMINO_RUN_ID"] = record.Id;
        startInfo.Environment["DOMINO_RUN_NUMBER"] = record.Number.ToString(CultureInfo.InvariantCulture);
        startInfo.Environment["DOMINO_PROJECT_OWNER"] = run.Project.Owner;
        startInfo.Environment["DOMINO_PROJECT_NAME"] = run.Project.Name;
        startInfo.Environment["DOMINO_PROJECT_ID"] = run.Project.Id;
        startInfo.Environment["DOMINO_STARTING_USERNAME"] = run.Project.Owner;
        startInfo.Environment["DOMINO_API_HOST"] = apiHost?.GetLeftPart(UriPartial.Authority) ?? "";
        startInfo.Environment["DOMINO_HARDWARE_TIER_ID"] = record.HardwareTierId;
        startInfo.Environment["DOMINO_HARDWARE_TIER_NAME"] = record.HardwareTierName;
        startInfo.Environment["DOMINO_ENVIRONMENT_ID"] = record.EnvironmentId;
        startInfo.Environment["DOMINO_WORKING_DIR"] = workFolder;
        startInfo.Environment["PYTHONUNBUFFERED"] = "1";
        return startInfo;
    }

    /// <summary>The command line as a reader would type it in a POSIX shell.</summary>
    public static string Describe(ProcessStartInfo startInfo) =>
        ShellWords.Quote(startInfo.FileName) + (startInfo.ArgumentList.Count == 0 ? "" : " " + ShellWords.Join(startInfo.ArgumentList));
}

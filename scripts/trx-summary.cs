// Sums the <Counters> of every TRX file under the given directories and prints the closing line
// CI reads:  N passed, N failed, N skipped
//
// Usage:  dotnet run scripts/trx-summary.cs -- [--exit-code N] DIR...
//   --exit-code N  the exit code of `dotnet test`. When it failed but no TRX counts a failure
//                  (a build error, a crashed test host, a project with no test), one failure is
//                  added so the closing line is never green for a red run.
// Exit code: 0 when nothing failed, 3 otherwise (distinct from 1, which `dotnet run` returns when
// this file does not build).
//
// A .NET file-based app (SDK 10) rather than python/xmllint: the .NET SDK is the only thing we
// can count on beside the Debian base.
//
// Counters as Microsoft.Testing.Platform's TRX writer fills them (checked on MSTest 4.5):
// passed; failed (assertion failures, exceptions, timeouts); notExecuted ([Ignore] and
// Assert.Inconclusive). The other VSTest counters are read too, in case a writer uses them.
using System.Xml.Linq;

var dirs = new List<string>();
int? testExitCode = null;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--exit-code" && i + 1 < args.Length) testExitCode = int.Parse(args[++i]);
    else dirs.Add(args[i]);
}

long passed = 0, failed = 0, skipped = 0;
var files = dirs.Where(Directory.Exists)
    .SelectMany(d => Directory.EnumerateFiles(d, "*.trx", SearchOption.AllDirectories))
    .Order(StringComparer.Ordinal)
    .ToList();

foreach (var file in files)
{
    var counters = XDocument.Load(file).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
    if (counters is null)
    {
        Console.WriteLine($"{Path.GetFileName(file)}: no <Counters>, counted as 1 failure");
        failed++;
        continue;
    }
    long N(string name) => long.TryParse(counters.Attribute(name)?.Value, out var n) ? n : 0;
    var p = N("passed") + N("passedButRunAborted");
    var f = N("failed") + N("error") + N("timeout") + N("aborted");
    var s = N("notExecuted") + N("inconclusive") + N("notRunnable") + N("disconnected") + N("warning");
    Console.WriteLine($"{Path.GetFileName(file)}: {p} passed, {f} failed, {s} skipped (total {N("total")})");
    passed += p; failed += f; skipped += s;
}

if (testExitCode is { } code && code != 0 && failed == 0)
{
    Console.WriteLine(files.Count == 0
        ? $"dotnet test failed (exit code {code}) and wrote no TRX: a build error or an unknown argument (5)? Counted as 1 failure."
        : $"dotnet test failed (exit code {code}) though no TRX counts a failed test (8 = a project ran no test). Counted as 1 failure.");
    failed = 1;
}
else if (files.Count == 0)
{
    Console.WriteLine("no TRX found: no test ran. Counted as 1 failure.");
    failed = 1;
}

Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
return failed == 0 ? 0 : 3;

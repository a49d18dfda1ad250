using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;

namespace MemRules.Roslyn48Host
{
    /// <summary>
    /// <c>MemRules.Roslyn48Host &lt;MemRules.Analyzers.nupkg | folder&gt; [--sample DIR] [--references DIR]</c>:
    /// hosts the package in Roslyn 4.8.0 (see <see cref="HostRun"/>). Prints what it loaded and did, one
    /// fact a line, then <c>RESULT OK</c> (exit 0) or every failure and <c>RESULT FAILED</c> (exit 1).
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            string? package = null, sample = null, references = null;
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--sample" when i + 1 < args.Length:
                        sample = args[++i];
                        break;
                    case "--references" when i + 1 < args.Length:
                        references = args[++i];
                        break;
                    default:
                        if (package != null || args[i].StartsWith("--", StringComparison.Ordinal))
                        {
                            return Usage($"unexpected argument '{args[i]}'");
                        }

                        package = args[i];
                        break;
                }
            }

            if (package == null)
            {
                return Usage("no package given");
            }

            var failures = new List<string>();
            string? extracted = null;
            try
            {
                var folder = AnalyzerFolder(package, ref extracted);
                sample ??= Path.Combine(RepositoryRoot(), "tests", "Sample");
                await new HostRun(Console.Out, failures).RunAsync(folder, Path.GetFullPath(sample), references).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failures.Add($"the host stopped: {HostRun.Describe(e)}");
                Console.WriteLine(e);
            }
            finally
            {
                if (extracted != null)
                {
                    try
                    {
                        Directory.Delete(extracted, recursive: true);
                    }
                    catch (IOException)
                    {
                        // A leftover temp folder is not worth failing for.
                    }
                }
            }

            Console.WriteLine();
            if (failures.Count == 0)
            {
                Console.WriteLine("RESULT OK");
                return 0;
            }

            foreach (var failure in failures)
            {
                Console.WriteLine("FAILED: " + failure);
            }

            Console.WriteLine($"RESULT FAILED ({failures.Count} failure{(failures.Count == 1 ? "" : "s")})");
            return 1;
        }

        private static int Usage(string problem)
        {
            Console.Error.WriteLine(problem);
            Console.Error.WriteLine("usage: MemRules.Roslyn48Host <MemRules.Analyzers.<version>.nupkg | folder with the analyzer dlls> [--sample DIR] [--references DIR]");
            return 2;
        }

        /// <summary>The package's analyzers/dotnet/cs: extracted from a .nupkg, or inside (or equal to) a folder.</summary>
        private static string AnalyzerFolder(string package, ref string? extracted)
        {
            var path = Path.GetFullPath(package);
            if (File.Exists(path))
            {
                extracted = Path.Combine(Path.GetTempPath(), "memrules-roslyn48-" + Guid.NewGuid().ToString("N"));
                ZipFile.ExtractToDirectory(path, extracted);
                Console.WriteLine($"package {path}");
                path = extracted;
            }
            else if (!Directory.Exists(path))
            {
                throw new FileNotFoundException($"No package or folder at '{path}'.");
            }

            var inPackage = Path.Combine(path, "analyzers", "dotnet", "cs");
            return Directory.Exists(inPackage) ? inPackage : path;
        }

        private static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MemRules.Analyzers.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("MemRules.Analyzers.sln not found above " + AppContext.BaseDirectory + "; pass --sample DIR.");
        }
    }
}

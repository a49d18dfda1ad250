using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace MemRules.Analyzers.Tests.EndToEnd
{
    /// <summary>
    /// The package's ReadyToRun image (readytorun/linux-x64): packed on a linux-x64 machine, an image of the same
    /// build as the IL; chosen by the package's targets only on a linux-x64 .NET 10 host unless MemRulesReadyToRun
    /// is false; and it reports exactly what the IL reports when csc runs its precompiled code (compiler server off:
    /// the server loads analyzers from memory, where the runtime uses the IL).
    /// </summary>
    [Collection(PackingCollection.Name)]
    public class ReadyToRunEndToEndTests
    {
        private const string Image = "readytorun/linux-x64/";
        private const string IL = "analyzers/dotnet/cs/";

        private readonly ITestOutputHelper _output;
        private readonly PackedPackage _packed;

        public ReadyToRunEndToEndTests(ITestOutputHelper output, PackedPackage packed)
        {
            _output = output;
            _packed = packed;
        }

        /// <summary>The package's pack step makes the image where the SDK's own runtime identifier is linux-x64 (crossgen2 runs there).</summary>
        private static bool PackedOnLinuxX64 => RuntimeInformation.RuntimeIdentifier == "linux-x64";

        [Fact]
        public void The_image_is_the_same_build_as_the_IL_precompiled()
        {
            using var zip = ZipFile.OpenRead(_packed.Package);
            var entries = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToList();
            if (!PackedOnLinuxX64)
            {
                Assert.DoesNotContain(entries, e => e.StartsWith(Image, StringComparison.Ordinal));
                return;
            }

            Assert.Contains(Image + "MemRules.Analyzers.CodeFixes.dll", entries);
            var il = Read(zip, IL + "MemRules.Analyzers.dll");
            var image = Read(zip, Image + "MemRules.Analyzers.dll");
            Assert.False(il.ReadyToRun, "The IL build has a ReadyToRun header.");
            Assert.True(image.ReadyToRun, "readytorun/linux-x64/MemRules.Analyzers.dll has no ReadyToRun header.");
            Assert.Equal(il.Mvid, image.Mvid);
            Assert.Equal(Read(zip, IL + "MemRules.Analyzers.CodeFixes.dll").Mvid, Read(zip, Image + "MemRules.Analyzers.CodeFixes.dll").Mvid);
        }

        [Fact]
        public void Csc_runs_the_image_here_and_reports_what_the_IL_reports()
        {
            var consumer = Path.Combine(_packed.NewFolder("readytorun"), "consumer");
            _packed.CreateConsumer(consumer, string.Empty, PackedPackage.SampleFiles());

            var (imageAnalyzers, imageFindings, imageCsc) = Build(consumer, string.Empty);
            var (ilAnalyzers, ilFindings, ilCsc) = Build(consumer, "-p:MemRulesReadyToRun=false");

            Assert.Equal(new[] { IL + "MemRules.Analyzers.CodeFixes.dll", IL + "MemRules.Analyzers.dll" }, ilAnalyzers);
            // The targets' condition: a Linux x64 (glibc) host whose SDK runs on .NET 10, when the package has the image.
            using var zip = ZipFile.OpenRead(_packed.Package);
            var hasImage = zip.Entries.Any(e => e.FullName.Replace('\\', '/') == Image + "MemRules.Analyzers.dll");
            var sdk = PackedPackage.Run("--version", consumer).Output.Trim();
            var expected = hasImage && RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && RuntimeInformation.ProcessArchitecture == Architecture.X64
                && !RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal) && sdk.StartsWith("10.", StringComparison.Ordinal) ? Image : IL;
            Assert.Equal(new[] { expected + "MemRules.Analyzers.CodeFixes.dll", expected + "MemRules.Analyzers.dll" }, imageAnalyzers);
            Assert.Contains(ilFindings, f => f.Contains("MEM001", StringComparison.Ordinal));
            Assert.Equal(ilFindings, imageFindings);

            // The image's code is what runs: with the IL the JIT compiles hundreds of MemRules' own methods, with the
            // image none (measured: 589 and 0). A method whose precompiled code a later host rejects (a Roslyn struct
            // whose layout changed) is compiled from IL again, so the bound leaves room for a few.
            var fromIL = JittedMemRulesMethods(consumer, ilCsc);
            Assert.True(fromIL > 100, "The JIT log shows no MemRules method compiled from the IL: the check itself is broken.");
            if (expected == Image)
            {
                var fromImage = JittedMemRulesMethods(consumer, imageCsc);
                Assert.True(fromImage * 20 < fromIL, $"With the image the JIT still compiled {fromImage} MemRules methods (with the IL {fromIL}).");
            }
        }

        /// <summary>Runs csc's command line again with the runtime's JIT log on; counts the MemRules methods it compiled from IL.</summary>
        private int JittedMemRulesMethods(string consumer, string commandLine)
        {
            var at = commandLine.IndexOf(" /noconfig ", StringComparison.Ordinal);
            var tool = commandLine.Substring(0, at).Trim().Split(' ', 2);
            var responseFile = Path.Combine(consumer, "csc-" + Guid.NewGuid().ToString("N") + ".rsp");
            var log = Path.ChangeExtension(responseFile, ".jit.txt");
            File.WriteAllText(responseFile, commandLine.Substring(at + 1));
            var info = new ProcessStartInfo(tool[0], (tool.Length > 1 ? tool[1] + " " : string.Empty) + "@\"" + responseFile + "\"")
            {
                WorkingDirectory = consumer,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            info.Environment["DOTNET_JitStdOutFile"] = log;
            info.Environment["DOTNET_JitDisasmSummary"] = "1";
            using (var csc = Process.Start(info)!)
            {
                var output = csc.StandardOutput.ReadToEnd();
                csc.WaitForExit();
                Assert.True(csc.ExitCode == 0, output);
            }

            // First compilations only (Tier0): precompiled code that runs hot is compiled again at Tier1, which says
            // nothing about whether the image was used.
            var count = File.ReadLines(log).Count(line => line.Contains("JIT compiled MemRules.Analyzers.", StringComparison.Ordinal) && line.Contains("Tier0", StringComparison.Ordinal));
            _output.WriteLine($"csc {Path.GetFileName(responseFile)}: {count} MemRules methods compiled from IL by the JIT");
            return count;
        }

        /// <summary>The MemRules assemblies on csc's command line (package-relative), every MemRules warning (sorted), and that command line.</summary>
        private (string[] Analyzers, string[] Findings, string CommandLine) Build(string consumer, string arguments)
        {
            var (exitCode, output, elapsed) = PackedPackage.Run(
                $"build --no-restore --no-incremental -nologo -v:n -p:UseSharedCompilation=false {arguments}", consumer);
            _output.WriteLine($"$ dotnet build {arguments} ({elapsed.TotalSeconds:F0} s): exit {exitCode}");
            Assert.True(exitCode == 0, output);
            var commandLine = output.Split('\n').First(line => Regex.IsMatch(line, @"csc(\.dll)?\s+/noconfig\s")).Trim();
            var analyzers = Regex.Matches(commandLine, @"/analyzer:(\S*/memrules\.analyzers/[^/]+/(\S+/MemRules\.Analyzers[.\w]*\.dll))", RegexOptions.IgnoreCase)
                .Select(m => m.Groups[2].Value).OrderBy(p => p, StringComparer.Ordinal).ToArray();
            var findings = Regex.Matches(output, @"^.*?([^/\s]+\.cs)\((\d+),(\d+)\): warning (MEM\d{3}):", RegexOptions.Multiline)
                .Select(m => $"{m.Groups[1].Value}({m.Groups[2].Value},{m.Groups[3].Value}) {m.Groups[4].Value}")
                .Distinct().OrderBy(f => f, StringComparer.Ordinal).ToArray();
            _output.WriteLine(string.Join("\n", analyzers.Concat(findings)));
            return (analyzers, findings, commandLine);
        }

        private static (bool ReadyToRun, Guid Mvid) Read(ZipArchive zip, string entry)
        {
            using var stream = new MemoryStream();
            using (var source = zip.GetEntry(entry)!.Open())
            {
                source.CopyTo(stream);
            }

            stream.Position = 0;
            using var pe = new PEReader(stream);
            var metadata = pe.GetMetadataReader();
            return (pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, metadata.GetGuid(metadata.GetModuleDefinition().Mvid));
        }
    }
}

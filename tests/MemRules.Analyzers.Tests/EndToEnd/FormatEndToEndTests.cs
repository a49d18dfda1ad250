using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace MemRules.Analyzers.Tests.EndToEnd
{
    /// <summary>
    /// The fixes as users apply them: <c>dotnet format analyzers</c> on a consumer multi-targeted to
    /// netstandard2.0 (C# 7.3) and net10.0, which fixes each file once per target and merges the results.
    /// What it writes must merge without conflict markers, keep each file's line endings, build in both
    /// targets, leave the fixed findings gone, leave a declaration in an <c>#if</c>/<c>#else</c> region alone,
    /// and be final: a second run changes nothing.
    /// </summary>
    [Collection(PackingCollection.Name)]
    public class FormatEndToEndTests
    {
        // LF line endings.
        private const string Reader = "using System.IO;\n" +
            "\n" +
            "namespace Consumer\n" +
            "{\n" +
            "    public static class Reader\n" +
            "    {\n" +
            "        public static int FirstByte(string path)\n" +
            "        {\n" +
            "            var stream = new FileStream(path, FileMode.Open);\n" +
            "            return stream.ReadByte();\n" +
            "        }\n" +
            "\n" +
            "        public static long Size(string path)\n" +
            "        {\n" +
            "#if NETSTANDARD2_0\n" +
            "            var sized = new FileStream(path, FileMode.Open, FileAccess.Read);\n" +
            "#else\n" +
            "            var sized = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);\n" +
            "#endif\n" +
            "            return sized.Length;\n" +
            "        }\n" +
            "    }\n" +
            "}\n";

        // CRLF line endings.
        private static readonly string Journal = string.Join("\r\n", new[]
        {
            "using System.IO;",
            "",
            "namespace Consumer",
            "{",
            "    public sealed class Journal",
            "    {",
            "        private readonly FileStream _file = new FileStream(\"journal.txt\", FileMode.Append);",
            "",
            "        public void Write(byte value) => _file.WriteByte(value);",
            "",
            "        public static string Head(string path)",
            "        {",
            "            var reader = new StreamReader(path);",
            "            return reader.ReadLine();",
            "        }",
            "    }",
            "}",
            "",
        });

        private readonly ITestOutputHelper _output;
        private readonly PackedPackage _packed;

        public FormatEndToEndTests(ITestOutputHelper output, PackedPackage packed)
        {
            _output = output;
            _packed = packed;
        }

        [Fact]
        public void Dotnet_format_fixes_both_targets_into_one_text_that_builds_and_keeps_line_endings()
        {
            _ = _packed.Package;
            _output.WriteLine(_packed.PackOutput);
            var consumer = Path.Combine(_packed.NewFolder("format"), "multi");
            _packed.CreateConsumer(
                consumer,
                "    <TargetFrameworks>netstandard2.0;net10.0</TargetFrameworks>",
                PackedPackage.UserSources(),
                ("Reader.cs", Reader),
                ("Journal.cs", Journal));

            var before = Build(consumer);
            Assert.Contains("'stream'", before);
            Assert.Contains("'reader'", before);
            Assert.Contains("MEM002", before);

            Format(consumer);
            var reader = File.ReadAllText(Path.Combine(consumer, "Reader.cs"));
            var journal = File.ReadAllText(Path.Combine(consumer, "Journal.cs"));
            _output.WriteLine(reader);
            _output.WriteLine(journal);
            foreach (var text in new[] { reader, journal })
            {
                Assert.DoesNotMatch("(?m)^(<<<<<<<|=======|>>>>>>>)", text);
            }

            Assert.DoesNotContain("\r", reader);
            Assert.DoesNotMatch("(?<!\r)\n", journal);
            Assert.Matches("(?<!\r)\n", reader);

            // C# 7.3 in netstandard2.0: a using statement, the same text in both targets.
            Assert.Contains("using (var stream = new FileStream(path, FileMode.Open))", reader);
            Assert.Contains("using (var reader = new StreamReader(path))", journal);
            Assert.Contains("public void Dispose()", journal);

            // The declarations in the #if/#else region are untouched.
            Assert.Contains("#if NETSTANDARD2_0\n            var sized = new FileStream(path, FileMode.Open, FileAccess.Read);\n#else\n" +
                            "            var sized = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);\n#endif\n", reader);

            // Both targets build; the fixed findings are gone, the one in the region stays.
            var after = Build(consumer);
            Assert.DoesNotContain("'stream'", after);
            Assert.DoesNotContain("'reader'", after);
            Assert.DoesNotContain("MEM002", after);
            Assert.Contains("'sized'", after);

            // Final: a second run changes nothing.
            Format(consumer);
            Assert.Equal(reader, File.ReadAllText(Path.Combine(consumer, "Reader.cs")));
            Assert.Equal(journal, File.ReadAllText(Path.Combine(consumer, "Journal.cs")));
        }

        private void Format(string consumer)
        {
            var (exitCode, output, elapsed) = PackedPackage.Run(
                "format analyzers Consumer.csproj --diagnostics MEM001 MEM002 --severity info --no-restore -v diag", consumer);
            _output.WriteLine($"$ dotnet format analyzers ({elapsed.TotalSeconds:F0} s)\n{output}");
            Assert.True(exitCode == 0, "dotnet format failed:\n" + output);
        }

        /// <summary>Builds both targets from scratch; asserts no errors; returns the output.</summary>
        private string Build(string consumer)
        {
            var (exitCode, output, elapsed) = PackedPackage.Run("build Consumer.csproj --no-restore --no-incremental -c Debug", consumer);
            _output.WriteLine($"$ dotnet build ({elapsed.TotalSeconds:F0} s)\n{output}");
            Assert.True(exitCode == 0, "dotnet build failed:\n" + output);
            Assert.DoesNotMatch(@": error [A-Z]+\d+", output);
            foreach (var target in new[] { "netstandard2.0", "net10.0" })
            {
                Assert.Matches(Regex.Escape(Path.Combine("bin", "Debug", target, "Consumer.dll")), output);
            }

            return output;
        }
    }
}

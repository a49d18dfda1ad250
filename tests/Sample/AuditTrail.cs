using System.IO;

namespace LeakyService
{
    // MEM002: AuditTrail creates the writer, so it owns it, but it is not disposable.
    public sealed class AuditTrail
    {
        private readonly StreamWriter _log = new StreamWriter(Path.Combine(Path.GetTempPath(), "leaky-audit.log"), append: true);

        public void Record(string entry) => _log.WriteLine(entry);
    }
}

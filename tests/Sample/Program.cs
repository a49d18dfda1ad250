using System;
using System.Threading;
using System.Threading.Tasks;

namespace LeakyService
{
    /// <summary>A chat relay that runs until it is stopped; each file holds one rule's mistake.</summary>
    public static class Program
    {
        public static async Task Main(string[] args)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            var settings = new SettingsWatcher(new SettingsSource());
            var history = new ConversationHistory();
            var audit = new AuditTrail();
            var relay = new Relay();

            history.AddMessage("hello");
            audit.Record("started");
            Console.WriteLine(relay.Checksum(args.Length > 0 ? args[0] : "Program.cs"));
            Console.WriteLine(await relay.ReadHeaderAsync(args.Length > 0 ? args[0] : "Program.cs"));
            Console.WriteLine(relay.CountLines(args.Length > 0 ? args[0] : "Program.cs"));
            Console.WriteLine(settings.Current);
            await Task.Delay(10, stop.Token);
        }
    }
}

using System.IO;
using System.Threading.Tasks;

namespace LeakyService
{
    public sealed class Relay
    {
        // MEM001: the stream is never disposed; the file stays open until a finalizer runs.
        public int Checksum(string path)
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
            int sum = 0, next;
            while ((next = stream.ReadByte()) != -1)
            {
                sum = unchecked(sum * 31 + next);
            }

            return sum;
        }

        // MEM003: disposed on the normal path only; an exception in ReadLineAsync skips it.
        public async Task<string?> ReadHeaderAsync(string path)
        {
            var reader = new StreamReader(path);
            var header = await reader.ReadLineAsync();
            reader.Dispose();
            return header;
        }

        // MEM004: the finally only disposes the reader: a using declaration says it better.
        public int CountLines(string path)
        {
            var reader = new StreamReader(path);
            try
            {
                int count = 0;
                while (reader.ReadLine() != null)
                {
                    count++;
                }

                return count;
            }
            finally
            {
                reader.Dispose();
            }
        }
    }
}

using System.Collections.Generic;

namespace LeakyService
{
    // MEM005: every turn is kept for the life of the service; nothing ever removes one.
    public sealed class ConversationHistory
    {
        private readonly List<string> _history = new List<string>();

        public void AddMessage(string message) => _history.Add(message);

        public int Turns => _history.Count;
    }
}

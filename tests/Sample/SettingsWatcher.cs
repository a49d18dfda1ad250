using System;

namespace LeakyService
{
    /// <summary>A process-wide source of settings changes.</summary>
    public sealed class SettingsSource
    {
        public event EventHandler? Changed;

        public void Raise() => Changed?.Invoke(this, EventArgs.Empty);
    }

    // MEM006: the source outlives each watcher, and the subscription is never released.
    public sealed class SettingsWatcher
    {
        private int _version;

        public SettingsWatcher(SettingsSource source)
        {
            source.Changed += OnChanged;
        }

        public int Current => _version;

        private void OnChanged(object? sender, EventArgs e) => _version++;
    }
}

// Audible tone for new HIGH alarms (WebAudio), with a visible mute that expires by itself.
// Browsers allow sound only after a user gesture, so the audio context starts on the first click or key.
const MUTE_MS = 2 * 60 * 1000;
const REPEAT_MS = 15000;

export class AlarmTone {
  constructor(button, stateLabel) {
    this.button = button;
    this.stateLabel = stateLabel;
    this.ctx = null;
    this.mutedUntil = 0;
    this.lastPlayed = 0;
    const unlock = () => this.unlock();
    document.addEventListener('click', unlock);
    document.addEventListener('keydown', unlock);
    button.addEventListener('click', () => this.toggleMute());
    setInterval(() => this.render(), 1000);
    this.render();
  }

  unlock() {
    try {
      if (!this.ctx) this.ctx = new AudioContext();
      if (this.ctx.state === 'suspended') this.ctx.resume();
    } catch (e) {
      this.ctx = null;
    }
    this.render();
  }

  muted() { return Date.now() < this.mutedUntil; }

  toggleMute() {
    this.mutedUntil = this.muted() ? 0 : Date.now() + MUTE_MS;
    this.render();
  }

  /** Called with the number of HIGH alarms nobody has acknowledged yet, and whether one is new. */
  update(activeHigh, isNew) {
    if (activeHigh === 0 || this.muted()) return;
    if (isNew || Date.now() - this.lastPlayed > REPEAT_MS) this.play();
  }

  play() {
    this.lastPlayed = Date.now();
    if (!this.ctx || this.ctx.state !== 'running') return;
    // IEC 60601-1-8 style high-priority burst: two groups of short tones.
    const t0 = this.ctx.currentTime;
    [0, 0.15, 0.3, 0.75, 0.9].forEach((dt) => {
      const osc = this.ctx.createOscillator();
      const gain = this.ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, t0 + dt);
      gain.gain.setValueAtTime(0, t0 + dt + 0.1);
      osc.connect(gain).connect(this.ctx.destination);
      osc.start(t0 + dt);
      osc.stop(t0 + dt + 0.12);
    });
    // Observable by tests and kiosk monitoring: how many bursts were actually started.
    this.played = (this.played || 0) + 1;
    document.body.dataset.tonePlayed = String(this.played);
  }

  render() {
    const muted = this.muted();
    this.button.setAttribute('aria-pressed', String(muted));
    if (muted) {
      const s = Math.ceil((this.mutedUntil - Date.now()) / 1000);
      this.button.textContent = `Tone muted ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')} — unmute`;
      this.button.classList.add('muted');
    } else {
      this.button.textContent = 'Mute tone (2 min)';
      this.button.classList.remove('muted');
    }
    const running = this.ctx && this.ctx.state === 'running';
    this.stateLabel.textContent = running ? '' : 'Sound off until you click the page';
  }
}

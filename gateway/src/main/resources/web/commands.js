// Device commands on the patient page: "Measure blood pressure now" for each BP cuff, and the
// patient's recent commands with their state (queued → delivered → answered | refused | expired),
// updated live from the /ws 'command' messages.
import { el, fmtTime, getJson, postJson } from './dom.js';

const TTL_SECONDS = 300;
const SHOWN = 5;
const STATE_TEXT = {
  queued: 'waiting for the device',
  delivered: 'device has it, measuring',
  answered: 'done',
  refused: 'refused by the device',
  expired: 'expired: the device did not answer in time',
};

export class CommandPanel {
  constructor(root, patientId) {
    this.root = root;
    this.patientId = patientId; // function returning the open patient's id
    this.commands = new Map();
    this.cuffKey = null;
  }

  /** A new patient was opened. */
  reset() {
    this.commands.clear();
    this.cuffKey = null;
    this.root.querySelector('#command-result').textContent = '';
    this.load();
  }

  async load() {
    const id = this.patientId();
    if (!id) return;
    try {
      const r = await getJson(`/api/patients/${encodeURIComponent(id)}/commands`, true);
      if (this.patientId() !== id) return;
      this.commands = new Map(r.commands.map((c) => [c.id, c]));
      this.renderList();
    } catch (e) {
      // the list stays as it was; live updates still arrive
    }
  }

  /** A command changed state (live). */
  onCommand(c) {
    if (c.patientId !== this.patientId()) return;
    this.commands.set(c.id, c);
    this.renderList();
  }

  /** One button per BP cuff; rebuilt only when the patient's cuffs change, so a click is never lost. */
  renderButtons(devices) {
    const cuffs = devices.filter((d) => d.kind === 'bp-cuff').map((d) => d.deviceId);
    const key = cuffs.join(',');
    if (key === this.cuffKey) return;
    this.cuffKey = key;
    this.root.querySelector('#command-buttons').replaceChildren(...cuffs.map((device) => {
      const b = el('button', { type: 'button', dataset: { testid: 'measure-bp', device },
        text: cuffs.length > 1 ? `Measure blood pressure now (${device})` : 'Measure blood pressure now' });
      b.addEventListener('click', () => this.measure(device, b));
      return b;
    }));
  }

  async measure(device, button) {
    const id = this.patientId();
    const result = this.root.querySelector('#command-result');
    button.disabled = true;
    try {
      const res = await postJson(`/api/patients/${encodeURIComponent(id)}/devices/${encodeURIComponent(device)}/commands`,
        { command: 'measure', vital: 'blood-pressure', ttlSeconds: TTL_SECONDS });
      result.textContent = res.ok ? 'Asked the cuff to measure now.'
        : `Not sent: ${res.body && res.body.message ? res.body.message : 'HTTP ' + res.status}`;
      if (res.ok) this.onCommand(res.body);
    } catch (e) {
      result.textContent = 'Not sent: no connection.';
    } finally {
      button.disabled = false;
    }
  }

  renderList() {
    const rows = [...this.commands.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, SHOWN);
    this.root.querySelector('#command-list').replaceChildren(...rows.map((c) => el('li',
      { dataset: { testid: 'command-row', state: c.state } },
      `${c.command} ${c.vital || ''} · `, el('strong', { text: STATE_TEXT[c.state] || c.state }),
      ` · asked by ${c.requestedBy} at ${fmtTime(Date.parse(c.createdAt))}`, c.detail ? ` · ${c.detail}` : '')));
  }
}

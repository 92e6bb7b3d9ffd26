// Atelier's upload page: plain JavaScript against the public API, no build step.
(() => {
  const $ = (id) => document.getElementById(id);
  const keyInput = $('api-key'), styleSelect = $('style'), fileInput = $('file'), dropZone = $('drop-zone');
  const submit = $('submit'), message = $('message'), before = $('before'), after = $('after'), download = $('download');
  let file = null;

  keyInput.value = localStorage.getItem('atelier-api-key') || '';
  keyInput.addEventListener('change', () => { localStorage.setItem('atelier-api-key', keyInput.value); loadStyles(); });

  const headers = () => ({ 'X-API-Key': keyInput.value });
  const say = (text, isError) => { message.textContent = text; message.className = isError ? 'error' : ''; };
  const problemText = async (response) => {
    try { const p = await response.json(); return p.detail || p.title || response.statusText; }
    catch (e) { return response.status === 413 ? 'The file is too large.' : response.statusText; }
  };

  async function loadStyles() {
    if (!keyInput.value) { styleSelect.innerHTML = '<option value="">enter an API key first</option>'; return; }
    const response = await fetch('/api/v1/styles', { headers: headers() });
    if (!response.ok) { say('Cannot list styles: ' + await problemText(response), true); return; }
    const styles = (await response.json()).filter((s) => s.currentVersion);
    styleSelect.innerHTML = styles.length ? '' : '<option value="">no trained style yet</option>';
    for (const s of styles) {
      const option = document.createElement('option');
      option.value = s.name; option.textContent = s.name + ' (' + s.currentVersion + ')';
      styleSelect.appendChild(option);
    }
    updateButton();
    showQuality();
  }

  function choose(chosen) {
    file = chosen;
    before.src = URL.createObjectURL(chosen);
    after.removeAttribute('src'); download.hidden = true;
    say('Ready: ' + chosen.name);
    updateButton();
  }
  const updateButton = () => { submit.disabled = !(file && styleSelect.value && keyInput.value); };

  // The current version's evaluation: its metrics, the gate's verdict, held-back versions and the contact sheet.
  const quality = $('quality');
  const metricRows = [
    ['styleRatio', 'style ratio (colour distance to the painting, after / before; lower is closer)'],
    ['textureRatio', 'texture ratio (Gram statistics of a fixed random network, after / before; lower is closer)'],
    ['medianSsim', 'structure: median luminance SSIM to the photo (higher keeps more)'],
    ['minSsim', 'structure: lowest SSIM'],
    ['medianBorderRatio', 'border ratio (edge contrast vs. interior; about 1 is good, above is a frame)'],
    ['medianBlackLevelRise', 'black-level rise (grey levels; lower keeps blacks)']];
  const failureText = (f) => f.metric + ' ' + f.value.toFixed(3) + (f.limit === 'MIN' ? ' < min ' : ' > max ') + f.threshold;
  async function showQuality() {
    quality.hidden = true;
    if (!styleSelect.value) return;
    const response = await fetch('/api/v1/styles/' + encodeURIComponent(styleSelect.value), { headers: headers() });
    if (!response.ok) return;
    const style = await response.json();
    const current = (style.models || []).find((m) => m.current);
    const heldBack = (style.models || []).filter((m) => m.heldBack);
    if (!current || !current.evaluation) return;
    $('quality-version').textContent = style.name + ' ' + current.version;
    const body = $('quality-metrics').tBodies[0];
    body.innerHTML = '';
    for (const [key, label] of metricRows) {
      const value = current.evaluation.summary[key];
      if (value === undefined || value === null) continue;
      const row = body.insertRow();
      row.insertCell().textContent = label;
      row.insertCell().textContent = value.toFixed(3);
    }
    const gate = current.evaluation.gate;
    $('quality-gate').textContent = 'Quality gate: ' + gate.outcome.toLowerCase()
      + (gate.note ? ' (' + gate.note + ')' : '') + (gate.failures.length ? ': ' + gate.failures.map(failureText).join('; ') : '');
    const list = $('quality-held-back');
    list.innerHTML = '';
    for (const m of heldBack) {
      const item = document.createElement('li');
      item.textContent = m.version + ' held back: ' + m.heldBackBy.map(failureText).join('; ');
      list.appendChild(item);
    }
    $('contact-sheet').src = current.evaluation.contactSheetUrl;
    quality.hidden = false;
  }

  fileInput.addEventListener('change', () => fileInput.files[0] && choose(fileInput.files[0]));
  styleSelect.addEventListener('change', () => { updateButton(); showQuality(); });
  dropZone.addEventListener('dragover', (e) => { e.preventDefault(); dropZone.classList.add('over'); });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('over'));
  dropZone.addEventListener('drop', (e) => {
    e.preventDefault(); dropZone.classList.remove('over');
    if (e.dataTransfer.files[0]) choose(e.dataTransfer.files[0]);
  });

  submit.addEventListener('click', async () => {
    const form = new FormData();
    form.append('image', file); form.append('style', styleSelect.value); form.append('format', $('format').value);
    submit.disabled = true; say('Uploading…');
    const response = await fetch('/api/v1/jobs', {
      method: 'POST', body: form, headers: { ...headers(), 'Idempotency-Key': crypto.randomUUID() } });
    if (response.status !== 202) { say('Rejected: ' + await problemText(response), true); updateButton(); return; }
    const job = await response.json();
    say('Queued as job ' + job.jobId + '…');
    follow(job.jobId);
  });

  // Server-sent events read with fetch, because EventSource cannot send the API key header. A stream
  // that ends before a terminal status (a proxy's timeout, a restarted replica, storage away), or
  // cannot be opened for a 5xx, is opened again after a pause that grows while nothing arrives; the
  // server starts each stream with the current status, so nothing is missed.
  async function follow(jobId) {
    for (let pause = 1000; ; pause = Math.min(pause * 2, 15000)) {
      try {
        const response = await fetch('/api/v1/jobs/' + jobId + '/events',
          { headers: { ...headers(), Accept: 'text/event-stream' } });
        if (response.ok) {
          if (await readEvents(response, () => { pause = 1000; })) break;
        } else if (response.status < 500) {
          say('Cannot follow the job: ' + await problemText(response), true);
          break;
        }
      } catch (e) {
        // the connection failed or dropped: try again below
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
    updateButton();
  }

  // Shows each status of the stream; true once one was terminal.
  async function readEvents(response, onEvent) {
    const reader = response.body.getReader(), decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return false;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end); buffer = buffer.slice(end + 2);
        const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)).join('\n');
        if (!data) continue;
        const status = JSON.parse(data);
        show(status); onEvent();
        if (status.status === 'succeeded' || status.status === 'failed') return true;
      }
    }
  }

  function show(status) {
    if (status.status === 'succeeded') {
      after.src = status.output.url; download.href = status.output.url; download.hidden = false;
      say('Done: styled with ' + status.style + ' ' + status.modelVersion + '.');
    } else if (status.status === 'failed') {
      say('Failed: ' + status.failure.message, true);
    } else {
      say('Job ' + status.jobId + ' is ' + status.status + '…');
    }
  }

  loadStyles();
})();

// The operators' console: hash routes over the operators' API (/api/), French labels from its code lists.
const page = document.getElementById('page');
const tokenInput = document.getElementById('token');
tokenInput.value = sessionStorage.getItem('mcic2.token') ?? '';
document.getElementById('token-form').addEventListener('submit', e => {
  e.preventDefault();
  sessionStorage.setItem('mcic2.token', tokenInput.value.trim());
  route();
});

const DELIVERY_STATES = { pending: 'en attente', delivered: 'remis', expired: 'expiré', deadlettered: 'lettre morte', discarded: 'abandonné' };
const HANDOVER_STATES = { sent: 'envoyé', acknowledged: 'accusé de réception', accepted: 'accepté', refused: 'refusé', partial: 'accepté en partie', escalated: 'renvoyé au secours', operatoralerted: 'opérateur alerté' };
const HANDOVER_KINDS = { incidentHandover: 'passage de l\u2019affaire à l\u2019autre force', assistanceRequest: 'demande de concours' };
const PARTNER_KINDS = { cic: 'CIC (police)', corg: 'CORG (gendarmerie)', sdis: 'SDIS (pompiers)', samu: 'SAMU', pegase: 'Pégase' };

async function api(path, options = {}) {
  const headers = { ...(options.headers ?? {}) };
  const token = sessionStorage.getItem('mcic2.token');
  if (token) headers.Authorization = `Bearer ${token.replace(/^Bearer\s+/i, '')}`;
  const response = await fetch(path, { ...options, headers });
  document.getElementById('development').hidden = !response.headers.has('X-MCIC2-Development-Mode');
  const text = await response.text();
  const body = text ? (() => { try { return JSON.parse(text); } catch { return text; } })() : null;
  if (!response.ok) throw new Error(`${response.status} ${typeof body === 'string' ? body : (body?.detail ?? body?.title ?? JSON.stringify(body))}`);
  return body;
}

const labelCache = new Map();
async function labels(list) {
  if (!labelCache.has(list)) {
    // A hierarchical list's label reads from its root (« Incendie › Bâtiment › d'habitation »): a level alone says little.
    labelCache.set(list, api(`/api/code-lists/${list}`).then(l => {
      const entries = new Map(l.entries.map(e => [e.code, e]));
      const lineage = code => { const e = entries.get(code); return e ? [...(e.parentCode ? lineage(e.parentCode) : []), e.label] : []; };
      return new Map(l.entries.map(e => [e.code, lineage(e.code).join(' › ')]));
    }).catch(() => new Map()));
  }
  return labelCache.get(list);
}
const natureLabel = async code => code ? `${(await labels('HubSante.fait')).get(code) ?? 'nature inconnue'} (${code})` : '—';
const placeLabel = async code => code ? `${(await labels('HubSante.lieu')).get(code) ?? 'lieu inconnu'} (${code})` : '—';
const statusLabel = async code => code ? `${(await labels('HubSante.statutVecteur')).get(code) ?? code}` : '—';

const esc = value => String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const when = value => value ? new Date(value).toLocaleString('fr-FR', { timeZone: 'Europe/Paris' }) : '—';
const state = value => `<span class="state-${esc(value)}">${esc(DELIVERY_STATES[String(value).toLowerCase()] ?? value)}</span>`;

const routes = [
  [/^#\/incidents\/(.+)$/, m => incidentPage(decodeURIComponent(m[1]))],
  [/^#\/carte$/, () => mapPage()],
  [/^#\/lettres-mortes\/(\d+)$/, m => deadLetterPage(m[1])],
  [/^#\/lettres-mortes$/, () => deadLettersPage()],
  [/^#\/partenaires$/, () => partnersPage()],
  [/^(#\/incidents)?$/, () => incidentsPage()],
];

async function route() {
  const hash = location.hash || '#/incidents';
  const found = routes.find(([pattern]) => pattern.test(hash));
  page.innerHTML = '<p>Chargement…</p>';
  try {
    await (found ? found[1](hash.match(found[0])) : incidentsPage());
  } catch (error) {
    page.innerHTML = `<p class="error" role="alert">Erreur : ${esc(error.message)}</p>`;
  }
}
window.addEventListener('hashchange', route);
route();

async function incidentsPage() {
  page.innerHTML = `<h2>Incidents</h2>
    <form id="search"><label>Affaire <input name="caseId"></label> <label>Commune (INSEE) <input name="commune" size="6"></label>
    <label>Nature <input name="nature" size="10"></label> <button>Chercher</button></form><div id="results"></div>`;
  const form = document.getElementById('search');
  const show = async () => {
    const parameters = new URLSearchParams([...new FormData(form)].filter(([, v]) => v));
    const incidents = await api(`/api/incidents?${parameters}`);
    const rows = await Promise.all(incidents.map(async i => `<tr data-key="${esc(i.key)}">
      <td><a href="#/incidents/${encodeURIComponent(i.key)}">${esc(i.caseId ?? i.key)}</a></td><td>${esc(await natureLabel(i.nature))}</td>
      <td>${esc(i.commune ?? '—')} ${esc(i.communeInsee ?? '')}</td><td>${esc(when(i.updatedAt))}</td><td>${i.resources}</td><td>${i.handovers}</td></tr>`));
    document.getElementById('results').innerHTML = incidents.length === 0 ? '<p>Aucun incident.</p>' :
      `<table><thead><tr><th>Affaire</th><th>Nature</th><th>Commune</th><th>Dernière modification</th><th>Moyens</th><th>Transferts</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  };
  form.addEventListener('submit', e => { e.preventDefault(); show().catch(err => document.getElementById('results').innerHTML = `<p class="error">${esc(err.message)}</p>`); });
  await show();
}

async function incidentPage(key) {
  const [stored, messages] = await Promise.all([api(`/api/incidents/${encodeURIComponent(key)}`), api(`/api/incidents/${encodeURIComponent(key)}/messages`).catch(() => ({ messages: [], otherDeliveries: [] }))]);
  const incident = stored.incident;
  const q = incident.qualification ?? {};
  const point = incident.location?.point;
  const timeline = [...messages.messages].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)).map(m => `<tr>
      <td>${esc(when(m.receivedAt))}</td><td>${esc(m.sender)}</td><td>${esc(m.family)}</td><td><a href="${esc(m.body)}" target="_blank">${esc(m.distributionId)}</a></td>
      <td>${m.deliveries.map(d => `${esc(d.partner)} : ${state(d.state)}${d.lastError ? ` — <span class="error">${esc(d.lastError)}</span>` : ''}${d.state.toLowerCase() === 'deadlettered' ? ` <a href="#/lettres-mortes/${d.sequence}">voir</a>` : ''}`).join('<br>') || '—'}</td></tr>`);
  const resources = await Promise.all((incident.resources ?? []).map(async r => {
    const last = r.statusHistory?.[r.statusHistory.length - 1];
    return `<tr><td>${esc(r.name ?? r.resourceId)}</td><td>${esc(r.vehicleType ?? '—')}</td><td>${esc(r.centerName ?? r.organizationId ?? '—')}</td><td>${esc(await statusLabel(last?.status))}</td><td>${esc(when(last?.at))}</td></tr>`;
  }));
  const handovers = (incident.handovers ?? []).map(h => `<tr><td>${esc(HANDOVER_KINDS[h.kind] ?? h.kind)}</td><td>${esc(h.fromPartner)} → ${esc(h.toPartner)}</td>
      <td>${esc(HANDOVER_STATES[String(h.state).toLowerCase()] ?? h.state)}</td><td>${esc(h.answerReason ?? h.reason ?? '')}</td><td>${esc(when(h.requestedAt))}</td></tr>`);
  page.innerHTML = `<h2>Incident ${esc(incident.identity?.caseId ?? key)}</h2>
    <section><dl>
      <dt>Nature</dt><dd id="nature">${esc(await natureLabel(q.nature?.code))}</dd>
      <dt>Type de lieu</dt><dd>${esc(await placeLabel(q.locationKind?.code))}</dd>
      <dt>Commune</dt><dd>${esc(incident.location?.commune?.name ?? '—')} ${esc(incident.location?.commune?.inseeCode ?? '')}</dd>
      <dt>Motif de santé</dt><dd>${esc(q.healthMotive?.code ?? q.healthMotive ?? '—')}</dd>
      <dt>Version</dt><dd>${stored.version}, modifié le ${esc(when(stored.updatedAt))}</dd>
    </dl></section>
    <section><h3>Carte</h3>${await mapSvg(point ? [{ key, label: incident.identity?.caseId ?? key, lat: point.latitude, lon: point.longitude }] : [])}
      ${point ? '' : '<p>Pas de position connue pour cet incident.</p>'}</section>
    <section><h3>Chronologie</h3><table id="timeline"><thead><tr><th>Reçu</th><th>Émetteur</th><th>Famille</th><th>Message</th><th>Remise par destinataire</th></tr></thead><tbody>${timeline.join('') || '<tr><td colspan="5">Aucun message.</td></tr>'}</tbody></table></section>
    <section><h3>Moyens engagés</h3>${resources.length ? `<table><thead><tr><th>Moyen</th><th>Type</th><th>Centre</th><th>Statut</th><th>Depuis</th></tr></thead><tbody>${resources.join('')}</tbody></table>` : '<p>Aucun moyen engagé.</p>'}</section>
    <section><h3>Transferts et demandes de concours</h3>${handovers.length ? `<table><thead><tr><th>Type</th><th>De → à</th><th>État</th><th>Motif</th><th>Demandé</th></tr></thead><tbody>${handovers.join('')}</tbody></table>` : '<p>Aucun.</p>'}</section>`;
}

let outline;
async function mapSvg(points) {
  outline ??= await fetch('france.json').then(r => r.json());
  // An equirectangular projection corrected for France's latitude: x = lon·cos(46.5°), y = −lat.
  const k = Math.cos(46.5 * Math.PI / 180);
  const xy = (lon, lat) => `${(lon * k).toFixed(3)},${(-lat).toFixed(3)}`;
  const paths = outline.outlines.map(o => `<path d="M${o.map(([lon, lat]) => xy(lon, lat)).join('L')}Z"/>`).join('');
  const places = outline.places.map(([name, lon, lat]) => `<text x="${(lon * k + .1).toFixed(3)}" y="${(-lat).toFixed(3)}">${esc(name)}</text>`).join('');
  const dots = points.filter(p => p.lat != null && p.lon != null).map(p => `<a href="#/incidents/${encodeURIComponent(p.key)}"><circle class="incident" cx="${(p.lon * k).toFixed(3)}" cy="${(-p.lat).toFixed(3)}" r=".12"><title>${esc(p.label)}</title></circle></a>`).join('');
  return `<svg class="map" role="img" aria-label="Carte des incidents" viewBox="${(-5.2 * k).toFixed(2)} -51.3 ${(15 * k).toFixed(2)} 10" xmlns="http://www.w3.org/2000/svg">${paths}${places}${dots}</svg>`;
}

async function mapPage() {
  const incidents = await api('/api/incidents?limit=500');
  const located = incidents.filter(i => i.latitude != null && i.longitude != null);
  page.innerHTML = `<h2>Carte des incidents</h2><p>${located.length} incident(s) localisé(s) sur ${incidents.length}.</p>
    ${await mapSvg(located.map(i => ({ key: i.key, label: `${i.caseId ?? i.key} — ${i.commune ?? ''}`, lat: i.latitude, lon: i.longitude })))}`;
}

async function deadLettersPage() {
  const letters = await api('/api/dead-letters');
  page.innerHTML = `<h2>Lettres mortes</h2>${letters.length === 0 ? '<p>Aucune lettre morte.</p>' :
    `<table id="dead-letters"><thead><tr><th>N°</th><th>Remise</th><th>Destinataire</th><th>Famille</th><th>Incident</th><th>Tentatives</th><th>Dernière erreur</th></tr></thead><tbody>${letters.map(d => `<tr>
      <td><a href="#/lettres-mortes/${d.sequence}">${d.sequence}</a></td><td>${esc(d.deliveryId)}</td><td>${esc(d.partner)}</td><td>${esc(d.family)}</td>
      <td><a href="#/incidents/${encodeURIComponent(d.incident)}">${esc(d.incident)}</a></td><td>${d.attempts}</td><td class="error">${esc(d.lastError ?? '')}</td></tr>`).join('')}</tbody></table>`}`;
}

async function deadLetterPage(sequence) {
  const letter = await api(`/api/dead-letters/${sequence}`);
  const d = letter.deadLetter;
  page.innerHTML = `<h2>Lettre morte ${d.sequence}</h2>
    <p>${esc(d.family)} pour <strong>${esc(d.partner)}</strong>, incident <a href="#/incidents/${encodeURIComponent(d.incident)}">${esc(d.incident)}</a>,
      ${d.attempts} tentative(s) ; dernière erreur : <span class="error">${esc(d.lastError ?? '—')}</span> ; message d'origine : <a href="${esc(d.original)}" target="_blank">octets reçus</a></p>
    <label for="body">Message envoyé au partenaire (${esc(letter.contentType)}) — corrigez-le puis « Corriger et rejouer »</label>
    <textarea id="body" spellcheck="false">${esc(letter.body)}</textarea>
    <p><button id="replay">Rejouer tel quel</button> <button id="edit">Corriger et rejouer</button> <button id="discard">Abandonner</button></p>
    <p id="outcome" role="status"></p>`;
  const outcome = document.getElementById('outcome');
  const act = async (path, init, describe) => {
    try { outcome.className = 'ok'; outcome.textContent = describe(await api(path, { method: 'POST', ...init })); }
    catch (error) { outcome.className = 'error'; outcome.textContent = `Refusé : ${error.message}`; }
  };
  const replayed = r => `Rejouée : nouvelle remise ${r.replayed.map(x => `${x.deliveryId} (n° ${x.sequence}, ${DELIVERY_STATES[x.state.toLowerCase()] ?? x.state})`).join(', ')}.`;
  document.getElementById('replay').onclick = () => act(`/api/dead-letters/${sequence}/replay`, {}, replayed);
  document.getElementById('edit').onclick = () => act(`/api/dead-letters/${sequence}/edit`,
    { body: document.getElementById('body').value, headers: { 'Content-Type': letter.contentType } }, replayed);
  document.getElementById('discard').onclick = () => confirm('Abandonner définitivement cette remise ?') &&
    act(`/api/dead-letters/${sequence}/discard`, {}, () => 'Abandonnée : le partenaire ne la recevra pas.');
}

async function partnersPage() {
  const [partners, links] = await Promise.all([api('/api/partners'), api('/api/links')]);
  const linkRows = (Array.isArray(links) ? links : links.links ?? []).map(l => `<tr><td>${esc(l.link)}</td><td>${esc(l.channel)}</td><td>${esc(l.peer)}</td>
    <td class="${l.connected ? 'ok' : 'error'}">${l.connected ? 'connecté' : 'déconnecté'}</td><td>${esc(when(l.lastSentAt))}</td><td>${esc(when(l.lastReceivedAt))}</td></tr>`);
  page.innerHTML = `<h2>Partenaires</h2><table id="partners"><thead><tr><th>Partenaire</th><th>Type</th><th>Départements</th><th>Canal</th><th>Format</th><th>Authentifié</th><th>En attente</th></tr></thead><tbody>
    ${partners.map(p => `<tr><td>${esc(p.id)}<br><small>${esc(p.name)}</small></td><td>${esc(PARTNER_KINDS[String(p.kind).toLowerCase()] ?? p.kind)}</td><td>${esc(p.departments.join(', '))}</td>
      <td>${esc(p.channel)} ${esc(p.address)}</td><td>${esc(p.format)}</td><td>${p.authenticated ? 'oui' : '<span class="error">non</span>'}</td><td>${p.backlog}</td></tr>`).join('')}</tbody></table>
    <h2>Liens AMQP (HubEx)</h2>${linkRows.length ? `<table><thead><tr><th>Lien</th><th>Canal</th><th>Pair</th><th>État</th><th>Dernier envoi</th><th>Dernière réception</th></tr></thead><tbody>${linkRows.join('')}</tbody></table>` : '<p>Aucun lien AMQP configuré.</p>'}`;
}

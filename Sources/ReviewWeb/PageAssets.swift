/// The review pages' style and the item page's script, served as files of their own (/assets/), so the pages'
/// Content-Security-Policy allows no inline script.
extension Pages {
    static let style = """
        body{font:14px system-ui,sans-serif;margin:1em}table{border-collapse:collapse}td,th{padding:2px 8px;\
        border-bottom:1px solid #ddd;text-align:left}.review{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}#fields{flex:1 1 28em;min-width:0}\
        .scan{flex:0 0 auto}#viewport{width:480px;max-width:92vw;height:70vh;overflow:auto;border:1px solid #ccc;cursor:grab}\
        #page{position:relative;width:100%;transform-origin:0 0}.lens{margin:.2em 0 .2em 11em;height:56px;\
        border:1px solid #999;background-repeat:no-repeat;background-color:#fff}#help{border:1px solid #999;padding:.3em 1em;background:#ffe}#page img{width:100%;display:block;\
        border:1px solid #999}.box{position:absolute;border:2px solid rgba(0,90,200,.6);cursor:pointer}\
        .box.on{border-color:#e60;background:rgba(255,120,0,.15)}.field{margin:.4em 0}.field label{display:inline-block;\
        width:11em}.field input{width:22em;max-width:calc(100vw - 16em);font-size:15px}.field.on input{outline:2px solid #e60}.doubtful label{color:#b00}\
        .problems{color:#b00;margin:.2em 0 .2em 11em;padding:0}.problems li{list-style:none}.readings{margin-left:11em;\
        color:#666}.confidence{color:#666;margin-left:.5em}.suggestion{margin-left:11em;color:#05a}.change{margin-left:11em;color:#a50;font-weight:bold}\
        .reading{font:inherit;margin:0 .2em;padding:0 .3em;cursor:pointer}.confirm-hint{margin-left:11em;color:#555;font-size:90%}\
        .field.confirmed .confirm-hint{color:#070}.field.confirmed input{background:#efe}.keys{color:#555}small.rule{color:#595959;font-size:80%}#verdict.ok{color:#070}#verdict.typed{color:#a60}\
        .tiles{display:flex;flex-wrap:wrap;gap:.6em}.tile{border:1px solid #ccc;padding:.4em .8em}.tile .n{font-size:150%;\
        font-weight:bold;margin-left:.3em}.desk section{margin:1.2em 0}.desk td:first-child{white-space:nowrap}.desk ul{margin:0;padding-left:1.2em}.scan-link{font-size:85%}\
        @media print{.noprint,.who,.scan-link{display:none}.desk a{color:inherit;text-decoration:none}body{margin:0;font-size:11pt}\
        tr{break-inside:avoid}}@page{margin:15mm 12mm;@bottom-center{content:"第 " counter(page) " 页 / 共 " counter(pages) " 页"}}\
        td.date{white-space:nowrap}.sign-off{margin-top:3em}.print-head{font-size:95%}\
        .printable .noprint,.printable .scan-link{display:none}\
        .skip{position:absolute;left:-9999px}.skip:focus{position:static;display:inline-block;margin:.2em 0;background:#ffe}\
        .table-frame{max-width:100%;overflow-x:auto}.item-head{font-size:125%;margin:.2em 0}.original img{max-width:100%}\
        @media (max-width:600px){body{margin:.5em}.table-frame td,.table-frame th{white-space:nowrap}\
        .desk table{display:block;max-width:100%;overflow-x:auto}.scan{flex:1 1 100%;min-width:0;max-width:100%}#viewport{width:100%;max-width:100%;height:auto;max-height:60vh;box-sizing:border-box}\
        .field label{display:block;width:auto}.field input{width:100%;max-width:none;box-sizing:border-box}\
        .problems,.readings,.lens,.suggestion,.change,.confirm-hint{margin-left:0}}
        """

    static let script = """
        const form = document.getElementById('fields'), id = form.dataset.id;
        // On a server without accounts the reviewer types his name; signed in, the session names him.
        const who = document.getElementById('reviewer');
        if (who) {
          who.value = localStorage.reviewer || '';
          who.addEventListener('change', () => { localStorage.reviewer = who.value; });
        }
        const csrf = document.querySelector('meta[name=csrf-token]');
        const headers = () => Object.assign({'Content-Type': 'application/json'}, csrf ? {'X-CSRF-Token': csrf.content} : {});
        const inputs = [...form.querySelectorAll('.field input')];
        // A field typed in counts even when it holds what was read: typing the value the page shows confirms it
        // over the readings that disagreed.
        const changed = () => Object.fromEntries(inputs.filter(i => i.value !== i.dataset.read || i.dataset.typed || i.dataset.confirmed)
          .map(i => [i.name, i.value]));
        // The reviewer's name travels in the JSON, never in a header (a name in Chinese cannot). Every change says
        // which revision of the item it was worked out from: a change another person stored in between refuses it
        // (409, nothing saved), and each answer gives the revision the next change starts from.
        const post = async (path, body) => {
          const r = await fetch('/api/items/' + id + path, {method: 'POST', headers: headers(),
            body: JSON.stringify(Object.assign(who ? {reviewer: who.value.trim()} : {}, {revision: Number(form.dataset.revision)}, body))});
          if (r.ok && path !== '/check' && path !== '/reveal') {
            const answer = await r.clone().json().catch(() => ({}));
            if (answer.revision !== undefined) form.dataset.revision = answer.revision;
          }
          return r;
        };
        // The page's language (pipelines/wording.yaml): Chinese unless set to English.
        const zh = document.documentElement.lang.startsWith('zh');
        const labelOf = id => (document.querySelector('label[for="f-' + id + '"]') || {textContent: id}).textContent;
        const refused = zh ? '未接受：' : 'not accepted: ';
        // A problem as the page words it (Chinese by default: the words and the rule id in small print; certarchive's
        // English message stays in the history the command line prints, never on a Chinese page).
        function line(p) {
          const li = document.createElement('li');
          if (p.words === p.message) { li.textContent = p.rule + ': ' + p.message; return li; }
          li.textContent = p.words + ' ';
          const small = document.createElement('small'); small.className = 'rule'; small.textContent = p.rule; li.append(small);
          return li;
        }
        function show(verdict) {
          const problems = verdict.problems.map((p, i) => Object.assign({words: (verdict.words || [])[i] || p.message}, p));
          form.querySelectorAll('.field').forEach(f => {
            const list = f.querySelector('.problems'), mine = problems.filter(p => p.field === f.dataset.field);
            list.innerHTML = ''; mine.forEach(p => list.append(line(p)));
            f.classList.toggle('doubtful', mine.length > 0);
          });
          const general = document.getElementById('general'); general.innerHTML = '';
          problems.filter(p => !p.field).forEach(p => general.append(line(p)));
          const v = document.getElementById('verdict');
          // A value no reading showed is the reviewer's, not the page's: said beside the verdict, never hidden.
          const typed = (verdict.typed || []).map(id => zh ? labelOf(id) : id);
          v.textContent = zh
            ? (verdict.passes ? '符合全部规则' : verdict.problems.length + ' 个问题') + (typed.length ? ' — 手工输入，页面上未读出：' + typed.join('、') : '')
            : (verdict.passes ? 'passes every rule' : verdict.problems.length + ' problem(s)') + (typed.length ? ' — typed, not read from the page: ' + typed.join(', ') : '');
          v.className = verdict.passes && !typed.length ? 'ok' : typed.length ? 'typed' : '';
        }
        let timer;
        const recheck = () => {
          clearTimeout(timer);
          timer = setTimeout(async () => { const r = await post('/check', {fields: changed()}); if (r.ok) show(await r.json()); }, 200);
        };
        // The typing not yet saved is kept in the tab (sessionStorage) until saved or left: a session that ends
        // mid-edit signs in again onto this item with it restored.
        const draftKey = 'certarchive-draft:' + id + ':' + form.dataset.revision;
        const keepDraft = () => {
          const unsaved = changed();
          if (Object.keys(unsaved).length) sessionStorage[draftKey] = JSON.stringify(unsaved); else delete sessionStorage[draftKey];
        };
        inputs.forEach(i => i.addEventListener('input', () => {
          i.dataset.typed = '1'; delete i.dataset.confirmed; i.closest('.field').classList.remove('confirmed');
          keepDraft(); recheck();
        }));
        // The reviewer's word that the page shows this value (Alt+C on the field, or a click on one of its
        // readings): saved as his confirmation ("confirmed as read" in the history), never as recognisers agreeing.
        function confirmField(input, value) {
          if (!input || !input.dataset.editable || input.readOnly) return;
          if (value !== undefined) input.value = value;
          delete input.dataset.typed; input.dataset.confirmed = '1';
          input.closest('.field').classList.add('confirmed');
          keepDraft(); recheck();
        }
        const draft = JSON.parse(sessionStorage[draftKey] || '{}');
        if (Object.keys(draft).length) {
          inputs.forEach(i => { if (i.name in draft && i.dataset.editable) { i.value = draft[i.name]; i.dataset.typed = '1'; } });
          recheck();
          setTimeout(() => { const v = document.getElementById('verdict'); v.textContent = (zh ? '已恢复未保存的输入 — ' : 'unsaved typing restored — ') + v.textContent; }, 600);
        }
        document.querySelectorAll('.reading').forEach(b => b.addEventListener('click', () => {
          const input = b.closest('.field').querySelector('input'); confirmField(input, b.dataset.value); input.focus();
        }));
        function highlight(name) {
          document.querySelectorAll('.box,.field').forEach(e => e.classList.toggle('on', e.dataset.field === name));
        }
        // Focusing a field selects what was read, so typing replaces it.
        inputs.forEach(i => i.addEventListener('focus', () => { highlight(i.name); magnify(i.name); i.select(); }));
        const img = document.querySelector('#page img');
        // The field highlighted (focused, or chosen when the page opened) is magnified once the page has loaded.
        const highlighted = () => (document.querySelector('.field.on') || {dataset: {}}).dataset.field;
        if (img) img.addEventListener('load', () => { if (highlighted()) magnify(highlighted()); });
        document.querySelectorAll('.box').forEach(b => b.addEventListener('click', () => document.getElementById('f-' + b.dataset.field).focus()));
        const go = target => { delete sessionStorage[draftKey]; location.href = target ? '/items/' + target : '/'; };
        // Leaving with typing not yet saved (Alt+N, Alt+P, Alt+S, skip) asks once: the second press leaves.
        let warnedLeaving = false;
        const leave = target => {
          if (Object.keys(changed()).length && !warnedLeaving) {
            warnedLeaving = true;
            document.getElementById('verdict').textContent = zh ? '有未保存的输入：再按一次离开并放弃，或按 Enter 保存' : 'unsaved typing: press again to leave without it, or Enter to save';
            return;
          }
          go(target);
        };
        // Without accounts every change carries the name typed at the top: asked for before anything is sent.
        function named() {
          if (!who || who.value.trim()) return true;
          document.getElementById('verdict').textContent = zh ? '请先在页面顶部填写您的姓名' : 'type your name at the top first';
          who.focus();
          return false;
        }
        async function accept() {
          if (!named()) return;
          const fields = changed();
          if (Object.keys(fields).length) {
            const saved = await post('/fields', {fields}); if (!saved.ok) { document.getElementById('verdict').textContent = refused + await said(saved); return; }
            const verdict = await saved.json(); show(verdict); if (!verdict.passes) return;
          }
          const r = await post('/accept', {});
          // Refused while a problem remains: the problems are on the page; the paper itself may be wrong.
          // Refused while a problem remains. A doubt about a right reading is settled by confirming it (Alt+C), not by
          // accepting the page as printed; the as-printed line opens only for a rule the value itself breaks.
          if (r.status === 409) {
            const doubts = [...form.querySelectorAll('.field.doubtful input[data-confirmable]')].filter(i => !i.dataset.confirmed);
            document.getElementById('verdict').textContent = refused + await said(r)
              + (doubts.length ? (zh ? ' — 页面上的读法正确？在该字段按 Alt+C 确认，或点选一个读法' : ' — right as read? Alt+C on the field confirms it, or click a reading') : '');
            if (doubts.length) doubts[0].focus(); else offerAsPrinted();
            return;
          }
          if (!r.ok) { document.getElementById('verdict').textContent = refused + await said(r); return; }
          const verdict = await r.json();
          // Changes the approval steps name wait for an approver: said, then on to the next item.
          if (verdict.awaiting_approval) {
            document.getElementById('verdict').textContent = zh ? '已提交，等待另一人复核' : 'waits for approval by another person';
            setTimeout(() => go(form.dataset.next), 900);
          }
          else go(form.dataset.next);
        }
        // An approver who changed a value does not approve: his value is saved as his change and waits for another
        // person (accept() does that); the page never approves while throwing his typing away.
        async function approve() {
          if (Object.keys(changed()).length) { accept(); return; }
          const r = await post('/approve', {}); if (r.ok) go(form.dataset.next); else document.getElementById('verdict').textContent = refused + await said(r);
        }
        // Asked for, never shown unasked: each whole number shown is recorded in the item's history.
        document.querySelectorAll('.reveal').forEach(b => b.addEventListener('click', async () => {
          const r = await post('/reveal', {}); if (!r.ok) { document.getElementById('verdict').textContent = await said(r); return; }
          const whole = (await r.json()).fields;
          inputs.forEach(i => { if (i.name in whole) { i.value = whole[i.name]; i.dataset.read = whole[i.name]; if (i.dataset.editable) i.readOnly = false; } });
          document.querySelectorAll('.reveal').forEach(x => x.remove());
        }));
        const rejecting = document.getElementById('rejecting'), reason = document.getElementById('reason');
        const asPrinted = document.getElementById('as-printed'), printedReason = document.getElementById('printed-reason');
        // What a refusal says, in words: the server's error message, not its JSON.
        async function said(r) { const text = await r.text(); try { return JSON.parse(text).error.message; } catch { return text; } }
        function offerAsPrinted() { if (!named()) return; asPrinted.hidden = false; printedReason.focus(); }
        async function confirmAsPrinted() {
          if (!printedReason.value.trim()) return;
          const fields = changed();
          if (Object.keys(fields).length) { const saved = await post('/fields', {fields}); if (!saved.ok) { document.getElementById('verdict').textContent = refused + await said(saved); return; } }
          const r = await post('/accept', {despite: printedReason.value.trim()});
          if (r.ok) go(form.dataset.next); else document.getElementById('verdict').textContent = refused + await said(r);
        }
        // Alt+G: the item given to another reviewer (or to nobody), then on to the next item.
        const handing = document.getElementById('handing'), handTo = document.getElementById('hand-to');
        function hand() { if (handing) { handing.hidden = false; handTo.focus(); } }
        async function confirmHand() {
          const r = await post('/assign', {to: handTo.value, reason: document.getElementById('hand-reason').value.trim()});
          if (r.ok) go(form.dataset.next); else document.getElementById('verdict').textContent = await said(r);
        }
        const approving = !!document.getElementById('approve');
        function reject() { if (!named()) return; rejecting.hidden = false; reason.focus(); }
        async function confirmReject() {
          if (!reason.value.trim()) return;
          const r = await post(approving ? '/send-back' : '/reject', {reason: reason.value.trim()});
          if (r.ok) go(form.dataset.next); else document.getElementById('verdict').textContent = refused + await said(r);
        }
        // A correction reviewers made to the same misreading elsewhere, offered, applied only by the reviewer.
        function applySuggestions() {
          form.querySelectorAll('.suggestion').forEach(s => {
            const input = s.closest('.field').querySelector('input');
            input.value = s.dataset.value; input.dispatchEvent(new Event('input'));
          });
        }
        // The decision made on another scan of the same certificate: its values typed in (said as typed, not read
        // from this page, where they differ), or the reject line opened with its reason.
        function takeEarlierDecision() {
          const earlier = document.getElementById('earlier'); if (!earlier) return;
          if (earlier.dataset.reason) { reject(); reason.value = earlier.dataset.reason; return; }
          earlier.querySelectorAll('.earlier-value').forEach(v => {
            const input = document.getElementById('f-' + v.dataset.field);
            if (input && input.dataset.editable && !input.readOnly) { input.value = v.dataset.value; input.dispatchEvent(new Event('input')); }
          });
        }
        function nextProblem() {
          const doubtful = [...form.querySelectorAll('.field.doubtful input')]; if (!doubtful.length) return;
          const at = doubtful.indexOf(document.activeElement); doubtful[(at + 1) % doubtful.length].focus();
        }
        // Zoom inside the page's own frame (it scrolls; the form beside it is never covered); drag pans it.
        let zoom = 1; const page = document.getElementById('page'), viewport = document.getElementById('viewport');
        // Zoom keeps the field being worked on in view: the highlighted box (else the frame's middle) stays where
        // it was, rather than the page growing from its top-left corner.
        const setZoom = z => {
          const box = document.querySelector('.box.on');
          const anchor = box ? {x: (parseFloat(box.style.left) + parseFloat(box.style.width) / 2) / 100,
                                y: (parseFloat(box.style.top) + parseFloat(box.style.height) / 2) / 100}
                             : {x: (viewport.scrollLeft + viewport.clientWidth / 2) / page.offsetWidth,
                                y: (viewport.scrollTop + viewport.clientHeight / 2) / page.offsetHeight};
          zoom = Math.min(6, Math.max(1, z)); page.style.width = (100 * zoom) + '%';
          viewport.scrollLeft = anchor.x * page.offsetWidth - viewport.clientWidth / 2;
          viewport.scrollTop = anchor.y * page.offsetHeight - viewport.clientHeight / 2;
        };
        let drag = null;
        // Dragging pans the frame; the browser's own dragging of the image never starts.
        viewport.addEventListener('dragstart', e => e.preventDefault());
        viewport.addEventListener('mousedown', e => {
          if (e.button !== 0) return;
          e.preventDefault();
          drag = {x: e.clientX, y: e.clientY, left: viewport.scrollLeft, top: viewport.scrollTop};
        });
        document.addEventListener('mouseup', () => { drag = null; });
        viewport.addEventListener('mousemove', e => { if (drag) { viewport.scrollLeft = drag.left - (e.clientX - drag.x); viewport.scrollTop = drag.top - (e.clientY - drag.y); } });
        // The field being edited, magnified beside its input: its box cut from the page as read.
        function magnify(name) {
          document.querySelectorAll('.lens').forEach(l => { l.hidden = true; });
          const box = document.querySelector('.box[data-field="' + name + '"]'), lens = document.querySelector('.lens[data-field="' + name + '"]');
          const img = document.querySelector('#page img');
          if (!box || !lens || !img) return;
          const left = parseFloat(box.style.left), top = parseFloat(box.style.top), w = parseFloat(box.style.width), h = parseFloat(box.style.height);
          // The whole field, at most 56 pixels high and 552 wide: a long code is shown whole, smaller.
          const boxWidth = w / 100 * img.naturalWidth || 1, boxHeight = h / 100 * img.naturalHeight || 1;
          // As wide as the form allows (a phone's is narrow), at most 552.
          const room = Math.max(120, Math.min(552, lens.parentElement.clientWidth - 24));
          const scale = Math.min(56 / boxHeight, room / boxWidth);
          lens.style.width = (boxWidth * scale + 24) + 'px'; lens.style.height = Math.max(24, boxHeight * scale) + 'px';
          lens.style.backgroundImage = 'url(' + img.src + ')';
          lens.style.backgroundSize = (img.naturalWidth * scale) + 'px ' + (img.naturalHeight * scale) + 'px';
          lens.style.backgroundPosition = (-left / 100 * img.naturalWidth * scale + 12) + 'px ' + (-top / 100 * img.naturalHeight * scale) + 'px';
          lens.hidden = false;
        }
        document.getElementById('zoom-in').onclick = () => setZoom(zoom * 1.25);
        document.getElementById('zoom-out').onclick = () => setZoom(zoom / 1.25);
        const button = (name, action) => { const b = document.getElementById(name); if (b) b.onclick = action; };
        button('accept', accept); button('accept-as-printed', offerAsPrinted); button('reject', reject); button('approve', approve); button('send-back', reject);
        button('skip', () => leave(form.dataset.next));
        button('set-type', async () => {
          if (!named()) return;
          const r = await post('/type', {type: document.getElementById('choose-type').value});
          if (r.ok) location.reload(); else document.getElementById('verdict').textContent = refused + await said(r);
        });
        button('reopen', async () => {
          const why = document.getElementById('reopen-reason');
          if (!why.value.trim()) { why.focus(); return; }
          if (!named()) return;
          const r = await post('/reopen', {reason: why.value.trim()});
          if (r.ok) location.reload(); else document.getElementById('verdict').textContent = await said(r);
        });
        const decides = !!(document.getElementById('accept') || document.getElementById('reject') || approving);
        const accepts = !!document.getElementById('accept');
        document.addEventListener('keydown', e => {
          if (e.key === 'Escape' && !rejecting.hidden) { rejecting.hidden = true; reason.value = ''; }
          else if (e.key === 'Escape' && !asPrinted.hidden) { asPrinted.hidden = true; printedReason.value = ''; }
          else if (e.key === 'Enter' && document.activeElement === reason) { e.preventDefault(); confirmReject(); }
          else if (e.key === 'Enter' && document.activeElement === printedReason) { e.preventDefault(); confirmAsPrinted(); }
          else if (e.key === 'Escape' && handing && !handing.hidden) { handing.hidden = true; }
          else if (e.key === 'Enter' && handing && handing.contains(document.activeElement)) { e.preventDefault(); confirmHand(); }
          else if (e.altKey && e.key === 'g' && handing) { e.preventDefault(); hand(); }
          else if (e.key === 'Enter' && who && document.activeElement === who) { who.blur(); }
          else if (e.key === 'Enter' && decides) { e.preventDefault(); approving ? approve() : accepts ? accept() : reject(); }
          else if (e.key === 'F2') { e.preventDefault(); nextProblem(); }
          else if (e.altKey && e.key === 'n') leave(form.dataset.next);
          else if (e.altKey && e.key === 'p') leave(form.dataset.previous);
          else if (e.altKey && (e.key === 'r' || e.key === 'b') && decides) { e.preventDefault(); reject(); }
          else if (e.altKey && e.key === 'e' && document.getElementById('accept')) { e.preventDefault(); offerAsPrinted(); }
          else if (e.altKey && e.key === 's') leave(form.dataset.next);
          else if (e.altKey && e.key === 'a') { e.preventDefault(); applySuggestions(); }
          else if (e.altKey && e.key === 'c') { e.preventDefault(); confirmField(document.activeElement); }
          else if (e.altKey && e.key === 'd') { e.preventDefault(); takeEarlierDecision(); }
          else if (e.altKey && (e.key === '=' || e.key === '+' || e.key === '-')) { e.preventDefault(); setZoom(e.key === '-' ? zoom / 1.25 : zoom * 1.25); }
          else if (!(e.target instanceof HTMLInputElement) && (e.key === '+' || e.key === '-')) setZoom(e.key === '+' ? zoom * 1.25 : zoom / 1.25);
          else if (!(e.target instanceof HTMLInputElement) && e.key === '?') { const help = document.getElementById('help'); help.hidden = !help.hidden; }
          else if (e.key === 'Escape') document.getElementById('help').hidden = true;
        });
        // On the approval screen the first changed field is the one to look at; else the first with a problem.
        const first = inputs.find(i => i.closest('.field').querySelector('.change')) || inputs.find(i => i.closest('.doubtful')) || inputs[0];
        if (first) { first.focus(); highlight(first.name); magnify(first.name); }
        """
}

import Archive
import Foundation
import IngestCore

/// Who is looking at a page: the signed-in account (on a server with accounts), or the one loopback reviewer.
struct Visitor {
    var name: String?
    var role: AccountRole?
    var csrfToken: String?

    init(_ context: ReviewContext) {
        name = context.person?.account.name
        role = context.role
        csrfToken = context.person?.csrfToken
    }

    init(name: String? = nil, role: AccountRole? = nil, csrfToken: String? = nil) {
        self.name = name; self.role = role; self.csrfToken = csrfToken
    }

    var readsHistory: Bool { role?.readsHistory ?? true }
    var corrects: Bool { role?.corrects ?? true }
    var approves: Bool { role?.approves ?? false }
    var revealsNumbers: Bool { role?.revealsNumbers ?? false }
}

/// The HTML pages, self-contained (no network needed): sign-in, the queue, search and an item's review screen.
enum Pages {
    static func queue(_ items: [StoredItem], reviewedToday: Int, visitor: Visitor = Visitor()) -> String {
        let rows = items.map { item -> String in
            """
            <tr><td><a href="/items/\(item.id)">\(item.id)</a></td><td>\(escape(item.type.rawValue))</td>\
            <td>\(escape(Masking.redactingIDNumbers(in: item.source)))\(item.page.map { " p.\($0)" } ?? "")</td>\
            <td>\(escape(item.problems.map(\.rule).joined(separator: ", ")))</td></tr>
            """
        }.joined(separator: "\n")
        return page(title: "Review queue", visitor: visitor, body: """
            <h1>Review queue</h1>
            <form action="/search"><input name="q" placeholder="number, holder, issuer" size="30"> <button>Search the archive</button></form>
            <p id="counter"><b>\(items.count)</b> item(s) in review · <b>\(reviewedToday)</b> decided today</p>
            <p><a href="/report">statistics</a>\([AccountRole.auditor, .admin].contains(visitor.role ?? .viewer)
                ? " · <a href=\"/verify\">integrity</a>" : "")</p>
            <p class="keys">Enter: open the first item</p>
            <table><tr><th>id</th><th>type</th><th>source</th><th>problems</th></tr>
            \(rows)
            </table>
            <script src="/assets/queue.js"></script>
            """)
    }

    /// The queue page's keys: Enter opens the first item.
    static let queueScript = """
        document.addEventListener('keydown', e => {
          const first = document.querySelector('td a');
          if (e.key === 'Enter' && first) location.href = first.getAttribute('href');
        });
        """

    /// Every item whose number, holder or issuer contains the query, any status; ID numbers masked.
    static func search(_ query: String, _ items: [StoredItem], visitor: Visitor = Visitor()) -> String {
        let rows = items.map { item -> String in
            let shown = { (name: String) in
                item.fields[name].map { escape(Masking.displayValue(field: name, value: $0.value, type: item.type)) } ?? ""
            }
            return """
                <tr><td><a href="/items/\(item.id)">\(item.id)</a></td><td>\(escape(item.status.rawValue))</td>\
                <td>\(escape(item.type.rawValue))</td><td>\(shown("certificate_number"))</td><td>\(shown("holder"))</td>\
                <td>\(shown("issuer"))</td><td>\(shown("expiry_date"))</td></tr>
                """
        }.joined(separator: "\n")
        return page(title: "Search", visitor: visitor, body: """
            <p><a href="/">queue</a></p>
            <form action="/search"><input name="q" value="\(escape(query))" size="30" autofocus> <button>Search</button></form>
            <p>\(items.count) record(s)</p>
            <table><tr><th>id</th><th>status</th><th>type</th><th>number</th><th>holder</th><th>issuer</th><th>expiry</th></tr>
            \(rows)
            </table>
            """)
    }

    /// An item's review page. `whole`: its personal numbers are shown whole (a server without accounts, while
    /// the item waits in review: the reviewer compares them with the page); otherwise they are masked, its
    /// readings and history too, and one who may asks for them whole (`reveal`), recorded in the history.
    static func item(_ item: StoredItem, next: Int64?, previous: Int64?, suggestions: [ReviewerCorrection] = [],
                     history: [AuditEvent] = [], visitor: Visitor = Visitor(), whole: Bool? = nil,
                     awaitingApproval: Bool = false) -> String {
        let whole = whole ?? (item.status == .review)
        let editable = item.status == .review && visitor.corrects
        func shown(_ name: String, _ value: String) -> String {
            whole ? value : Masking.displayValue(field: name, value: value, type: item.type)
        }
        let names = item.orderedFieldNames
            + Set(item.problems.compactMap(\.field)).subtracting(item.orderedFieldNames).sorted()
        let boxes = names.compactMap { name -> String? in
            guard let box = item.fields[name]?.box, let width = item.pageWidth, let height = item.pageHeight,
                  width > 0, height > 0 else { return nil }
            func percent(_ value: Int, _ of: Int) -> String { String(format: "%.2f%%", 100 * Double(value) / Double(of)) }
            return "<div class=\"box\" data-field=\"\(escape(name))\" style=\"left:\(percent(box.x, width));"
                + "top:\(percent(box.y, height));width:\(percent(box.width, width));height:\(percent(box.height, height))\"></div>"
        }.joined()
        let rows = names.map { name -> String in
            let field = item.fields[name]
            let problems = item.problems.filter { $0.field == name }
                .map { "<li>\(escape($0.rule)): \(escape($0.message))</li>" }.joined()
            let readings = field?.readings.map { readings in
                "<div class=\"readings\">readings: \(escape(readings.map { shown(name, $0) }.joined(separator: " | ")))</div>"
            } ?? ""
            let suggestion = suggestions.first { $0.field == name }.map {
                "<div class=\"suggestion\" data-value=\"\(escape($0.value))\">reviewers corrected \(escape($0.from)) to "
                    + "<b>\(escape($0.value))</b> on \($0.times) other item(s): Alt+A applies it</div>"
            } ?? ""
            let value = field?.value ?? ""
            let hidden = shown(name, value) != value
            let reveal = hidden && visitor.revealsNumbers
                ? " <button type=\"button\" class=\"reveal\" data-field=\"\(escape(name))\">show whole</button>" : ""
            return """
                <div class="field\(problems.isEmpty ? "" : " doubtful")" data-field="\(escape(name))">
                <label for="f-\(escape(name))">\(escape(name))</label>
                <input id="f-\(escape(name))" name="\(escape(name))" value="\(escape(shown(name, value)))" \
                data-read="\(escape(shown(name, value)))" autocomplete="off"\(editable ? " data-editable=\"1\"" : "")\
                \(editable && !hidden ? "" : " readonly")>\(reveal)
                <span class="confidence">\(field.map { String(Int($0.confidence.rounded())) } ?? "–")</span>
                \(readings)\(suggestion)<ul class="problems">\(problems)</ul></div>
                """
        }.joined(separator: "\n")
        let general = item.problems.filter { $0.field == nil }
            .map { "<li>\(escape($0.rule)): \(escape($0.message))</li>" }.joined()
        let reviewerName = visitor.name == nil
            ? " · reviewer <input id=\"reviewer\" size=\"10\" placeholder=\"your name\">" : ""
        let decisions = !editable ? "" : awaitingApproval && visitor.approves ? """
            <p class="approval">\(escape(item.problems.first { $0.rule == "review.awaiting_approval" }?.message ?? ""))</p>
            <p><button type="button" id="approve">Approve (Enter)</button>
               <button type="button" id="send-back">Send back (Alt+B)</button>
               <button type="button" id="skip">Skip (Alt+S)</button></p>
            """ : """
            <p><button type="button" id="accept">Accept (Enter)</button>
               <button type="button" id="reject">Reject (Alt+R)</button>
               <button type="button" id="skip">Skip (Alt+S)</button></p>
            """
        return page(title: "Item \(item.id)", visitor: visitor, body: """
            <p><a href="/">queue</a> · item \(item.id) · \(escape(item.type.rawValue)) · \(escape(Masking.redactingIDNumbers(in: item.source)))\
            \(item.page.map { " page \($0)" } ?? "")\(visitor.readsHistory ? " · <a href=\"/api/items/\(item.id)/history\">history</a>" : "")\
            \(reviewerName)</p>
            <div class="review">
              <div class="scan"><div id="page">\(item.thumbnailPNG == nil ? "<p>no page image kept</p>"
                  : "<img src=\"/items/\(item.id)/image\" alt=\"page as scanned\">")\(boxes)</div>
                <p>zoom: <button id="zoom-in">+</button> <button id="zoom-out">−</button></p></div>
              <form id="fields" data-id="\(item.id)" data-next="\(next.map(String.init) ?? "")" \
            data-previous="\(previous.map(String.init) ?? "")">
                \(rows)
                <ul id="general" class="problems">\(general)</ul>
                <p id="verdict"></p>
                <p id="rejecting" hidden>Why? <input id="reason" size="40"> (Enter to send, Esc to go back)</p>
                \(decisions)
                <p class="keys">Enter accept · Alt+N / Alt+P next / previous item · F2 next problem field ·
                   Alt+R reject (type why, Enter) · Alt+S skip · Alt+A apply reviewers' correction · + / − zoom</p>
              </form>
            </div>
            \(visitor.readsHistory ? "<h2>History</h2>" : "")
            <table id="history">\(history.map { historyRow(whole ? $0 : $0.masked(type: item.type)) }.joined())</table>
            <script src="/assets/item.js"></script>
            """)
    }

    private static func historyRow(_ event: AuditEvent) -> String {
        let change = event.field.map { "\(escape($0)): \(escape(event.oldValue ?? "∅")) → \(escape(event.newValue ?? "∅"))" } ?? ""
        return "<tr><td>\(escape(event.at))</td><td>\(escape(event.actor))</td><td>\(escape(event.action.rawValue))</td>"
            + "<td>\(change)</td><td>\(escape(event.reason ?? ""))</td></tr>"
    }

    /// A page; for a signed-in visitor with who is signed in, a sign-out button, and the session's CSRF token
    /// for the page's script to send with every change.
    static func page(title: String, visitor: Visitor = Visitor(), body: String) -> String {
        let session = visitor.name.map { name in
            """
            <p class="who"><a href="/account">\(escape(name))</a> · \(escape(visitor.role?.rawValue ?? "")) · <button type="button" id="sign-out">sign out</button></p>
            """
        } ?? ""
        let csrf = visitor.csrfToken.map { "<meta name=\"csrf-token\" content=\"\(escape($0))\">" } ?? ""
        return """
            <!doctype html><html lang="zh"><head><meta charset="utf-8"><title>\(escape(title)) · certarchive</title>
            \(csrf)<link rel="stylesheet" href="/assets/style.css"></head><body>\(session)\(body)\
            \(visitor.name == nil ? "" : "<script src=\"/assets/login.js\"></script>")</body></html>
            """
    }

    /// The sign-in page: name (any script), password, and the authenticator's code for an account that has one.
    static func signIn() -> String {
        page(title: "Sign in", body: """
            <h1>certarchive · sign in</h1>
            <form id="sign-in">
            <p><label for="name">name</label> <input id="name" autocomplete="username" autofocus></p>
            <p><label for="password">password</label> <input id="password" type="password" autocomplete="current-password"></p>
            <p><label for="code">code</label> <input id="code" inputmode="numeric" autocomplete="one-time-code" size="8"> \
            (from your authenticator, if your account has a second factor)</p>
            <p><button id="submit">Sign in</button> <span id="refusal"></span></p>
            </form>
            <script src="/assets/login.js"></script>
            """)
    }

    /// What `certarchive verify` says of the archive itself (the scans are checked on the command line): for
    /// auditors and admins.
    static func integrity(_ report: IntegrityReport, visitor: Visitor) -> String {
        let chain = report.chainBreak.map { "<p class=\"problems\">chain BROKEN: \(escape(Masking.redactingIDNumbers(in: $0)))</p>" }
            ?? "<p>chain intact\(report.head.map { ", head <code>\($0)</code>" } ?? "")</p>"
        let items = report.itemBreaks.isEmpty ? "<p>items: each agrees with its history</p>"
            : "<p class=\"problems\">items: \(report.itemBreaks.count) disagree with their history</p><ul>"
                + report.itemBreaks.map { "<li>\(escape(Masking.redactingIDNumbers(in: $0)))</li>" }.joined() + "</ul>"
        return page(title: "Integrity", visitor: visitor, body: """
            <p><a href="/">queue</a></p><h1>Integrity of the archive</h1>
            <p>events: \(report.events)</p>\(chain)\(items)
            <p class="keys">The scans' own hashes are checked by <code>certarchive verify</code> on the archive's machine.</p>
            """)
    }

    /// The signed-in person's account: role, companies, a new password, the second factor.
    static func account(_ account: Account, visitor: Visitor) -> String {
        page(title: "Account", visitor: visitor, body: """
            <p><a href="/">queue</a></p>
            <h1>\(escape(account.name))</h1>
            <p>role: \(escape(account.role.rawValue))\(account.isScoped
                ? " · companies: " + escape(account.companies.joined(separator: " ")) : " · every company")</p>
            <h2>Password</h2>
            <form id="password-form"><p><label for="current">current</label> <input id="current" type="password" autocomplete="current-password">
            <label for="new">new</label> <input id="new" type="password" autocomplete="new-password"> <button>Change</button>
            <span id="password-answer"></span></p></form>
            <h2>Second factor</h2>
            <p id="factor-state">\(account.totpSecret == nil ? "none: sign-in asks for the password only"
                : "enrolled: sign-in asks for the authenticator's code")</p>
            <p><button type="button" id="enrol">\(account.totpSecret == nil ? "Enrol" : "Enrol a new one")</button></p>
            <div id="enrolment" hidden><p>Scan the image with an authenticator app, or type the secret:
            <b id="typed"></b></p><p><img id="qr" alt="QR code of the secret"></p>
            <p><label for="confirm-code">code it shows</label> <input id="confirm-code" inputmode="numeric" size="8">
            <button type="button" id="confirm">Confirm</button> <span id="enrol-answer"></span></p></div>
            <script src="/assets/account.js"></script>
            """)
    }

    static let accountScript = """
        const csrf = document.querySelector('meta[name=csrf-token]').content;
        const post = (path, body) => fetch(path, {method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
          body: JSON.stringify(body)});
        const value = id => document.getElementById(id).value;
        document.getElementById('password-form').addEventListener('submit', async e => {
          e.preventDefault();
          const r = await post('/api/account/password', {current: value('current'), new: value('new')});
          if (r.ok) { location.href = '/login'; return; }
          document.getElementById('password-answer').textContent = (await r.json().catch(() => ({}))).error?.message || 'refused';
        });
        let secret = '';
        document.getElementById('enrol').addEventListener('click', async () => {
          const enrolment = await (await post('/api/account/second-factor/new', {})).json();
          secret = enrolment.secret;
          document.getElementById('typed').textContent = enrolment.typed;
          document.getElementById('qr').src = 'data:image/svg+xml;base64,' + btoa(enrolment.qr_svg);
          document.getElementById('enrolment').hidden = false;
          document.getElementById('confirm-code').focus();
        });
        document.getElementById('confirm').addEventListener('click', async () => {
          const r = await post('/api/account/second-factor', {secret, code: value('confirm-code')});
          document.getElementById('enrol-answer').textContent = r.ok ? 'enrolled'
            : (await r.json().catch(() => ({}))).error?.message || 'refused';
          if (r.ok) document.getElementById('factor-state').textContent = 'enrolled: sign-in asks for the authenticator\'s code';
        });
        """

    /// Signing in (JSON to /login) and out (the button on every page).
    static let loginScript = """
        const form = document.getElementById('sign-in');
        if (form) form.addEventListener('submit', async e => {
          e.preventDefault();
          const value = id => document.getElementById(id).value;
          const r = await fetch('/login', {method: 'POST', headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({name: value('name').trim(), password: value('password'), code: value('code').trim()})});
          if (r.ok) { location.href = '/'; return; }
          const answer = await r.json().catch(() => ({error: 'refused'}));
          document.getElementById('refusal').textContent = answer.error;
        });
        const out = document.getElementById('sign-out');
        const csrf = document.querySelector('meta[name=csrf-token]');
        if (out) out.addEventListener('click', async () => {
          await fetch('/logout', {method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf ? csrf.content : ''}, body: '{}'});
          location.href = '/login';
        });
        """

    static func escape(_ text: String) -> String { HTML.escape(text) }

    static let style = """
        body{font:14px system-ui,sans-serif;margin:1em}table{border-collapse:collapse}td,th{padding:2px 8px;\
        border-bottom:1px solid #ddd;text-align:left}.review{display:flex;gap:1.5em;align-items:flex-start}\
        .scan{flex:0 0 auto}#page{position:relative;width:480px;transform-origin:0 0}#page img{width:100%;display:block;\
        border:1px solid #999}.box{position:absolute;border:2px solid rgba(0,90,200,.6);cursor:pointer}\
        .box.on{border-color:#e60;background:rgba(255,120,0,.15)}.field{margin:.4em 0}.field label{display:inline-block;\
        width:11em}.field input{width:22em;font-size:15px}.field.on input{outline:2px solid #e60}.doubtful label{color:#b00}\
        .problems{color:#b00;margin:.2em 0 .2em 11em;padding:0}.problems li{list-style:none}.readings{margin-left:11em;\
        color:#666}.confidence{color:#666;margin-left:.5em}.suggestion{margin-left:11em;color:#05a}.keys{color:#555}#verdict.ok{color:#070}
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
        const changed = () => Object.fromEntries(inputs.filter(i => i.value !== i.dataset.read || i.dataset.typed)
          .map(i => [i.name, i.value]));
        // The reviewer's name travels in the JSON, never in a header (a name in Chinese cannot).
        const post = (path, body) => fetch('/api/items/' + id + path,
          {method: 'POST', headers: headers(), body: JSON.stringify(Object.assign(who ? {reviewer: who.value || 'web'} : {}, body))});
        function show(verdict) {
          form.querySelectorAll('.field').forEach(f => {
            const list = f.querySelector('.problems'), mine = verdict.problems.filter(p => p.field === f.dataset.field);
            list.innerHTML = ''; mine.forEach(p => { const li = document.createElement('li'); li.textContent = p.rule + ': ' + p.message; list.append(li); });
            f.classList.toggle('doubtful', mine.length > 0);
          });
          const general = document.getElementById('general'); general.innerHTML = '';
          verdict.problems.filter(p => !p.field).forEach(p => { const li = document.createElement('li'); li.textContent = p.rule + ': ' + p.message; general.append(li); });
          const v = document.getElementById('verdict');
          v.textContent = verdict.passes ? 'passes every rule' : verdict.problems.length + ' problem(s)';
          v.className = verdict.passes ? 'ok' : '';
        }
        let timer;
        inputs.forEach(i => i.addEventListener('input', () => {
          i.dataset.typed = '1';
          clearTimeout(timer);
          timer = setTimeout(async () => { const r = await post('/check', {fields: changed()}); if (r.ok) show(await r.json()); }, 200);
        }));
        function highlight(name) {
          document.querySelectorAll('.box,.field').forEach(e => e.classList.toggle('on', e.dataset.field === name));
        }
        // Focusing a field selects what was read, so typing replaces it.
        inputs.forEach(i => i.addEventListener('focus', () => { highlight(i.name); i.select(); }));
        document.querySelectorAll('.box').forEach(b => b.addEventListener('click', () => document.getElementById('f-' + b.dataset.field).focus()));
        const go = target => { location.href = target ? '/items/' + target : '/'; };
        async function accept() {
          const fields = changed();
          if (Object.keys(fields).length) {
            const saved = await post('/fields', {fields}); if (!saved.ok) { alert(await saved.text()); return; }
            const verdict = await saved.json(); show(verdict); if (!verdict.passes) return;
          }
          const r = await post('/accept', {});
          if (!r.ok) { alert(await r.text()); return; }
          const verdict = await r.json();
          // Changes the approval steps name wait for an approver: said, then on to the next item.
          if (verdict.awaiting_approval) { document.getElementById('verdict').textContent = 'waits for approval'; setTimeout(() => go(form.dataset.next), 600); }
          else go(form.dataset.next);
        }
        async function approve() {
          const r = await post('/approve', {}); if (r.ok) go(form.dataset.next); else alert(await r.text());
        }
        // Asked for, never shown unasked: each whole number shown is recorded in the item's history.
        document.querySelectorAll('.reveal').forEach(b => b.addEventListener('click', async () => {
          const r = await post('/reveal', {}); if (!r.ok) { alert(await r.text()); return; }
          const whole = (await r.json()).fields;
          inputs.forEach(i => { if (i.name in whole) { i.value = whole[i.name]; i.dataset.read = whole[i.name]; if (i.dataset.editable) i.readOnly = false; } });
          document.querySelectorAll('.reveal').forEach(x => x.remove());
        }));
        const rejecting = document.getElementById('rejecting'), reason = document.getElementById('reason');
        const approving = !!document.getElementById('approve');
        function reject() { rejecting.hidden = false; reason.focus(); }
        async function confirmReject() {
          if (!reason.value.trim()) return;
          const r = await post(approving ? '/send-back' : '/reject', {reason: reason.value.trim()});
          if (r.ok) go(form.dataset.next); else alert(await r.text());
        }
        // A correction reviewers made to the same misreading elsewhere, offered, applied only by the reviewer.
        function applySuggestions() {
          form.querySelectorAll('.suggestion').forEach(s => {
            const input = s.closest('.field').querySelector('input');
            input.value = s.dataset.value; input.dispatchEvent(new Event('input'));
          });
        }
        function nextProblem() {
          const doubtful = [...form.querySelectorAll('.field.doubtful input')]; if (!doubtful.length) return;
          const at = doubtful.indexOf(document.activeElement); doubtful[(at + 1) % doubtful.length].focus();
        }
        let zoom = 1; const page = document.getElementById('page');
        const setZoom = z => { zoom = Math.min(4, Math.max(0.5, z)); page.style.transform = 'scale(' + zoom + ')'; };
        document.getElementById('zoom-in').onclick = () => setZoom(zoom * 1.25);
        document.getElementById('zoom-out').onclick = () => setZoom(zoom / 1.25);
        const button = (name, action) => { const b = document.getElementById(name); if (b) b.onclick = action; };
        button('accept', accept); button('reject', reject); button('approve', approve); button('send-back', reject);
        button('skip', () => go(form.dataset.next));
        const decides = !!(document.getElementById('accept') || approving);
        document.addEventListener('keydown', e => {
          if (e.key === 'Escape' && !rejecting.hidden) { rejecting.hidden = true; reason.value = ''; }
          else if (e.key === 'Enter' && document.activeElement === reason) { e.preventDefault(); confirmReject(); }
          else if (e.key === 'Enter' && who && document.activeElement === who) { who.blur(); }
          else if (e.key === 'Enter' && decides) { e.preventDefault(); approving ? approve() : accept(); }
          else if (e.key === 'F2') { e.preventDefault(); nextProblem(); }
          else if (e.altKey && e.key === 'n') go(form.dataset.next);
          else if (e.altKey && e.key === 'p') go(form.dataset.previous);
          else if (e.altKey && (e.key === 'r' || e.key === 'b') && decides) { e.preventDefault(); reject(); }
          else if (e.altKey && e.key === 's') go(form.dataset.next);
          else if (e.altKey && e.key === 'a') { e.preventDefault(); applySuggestions(); }
          else if (!(e.target instanceof HTMLInputElement) && (e.key === '+' || e.key === '-')) setZoom(e.key === '+' ? zoom * 1.25 : zoom / 1.25);
        });
        const first = inputs.find(i => i.closest('.doubtful')) || inputs[0];
        if (first) { first.focus(); highlight(first.name); }
        """
}

extension AuditEvent {
    /// The event with the personal numbers it changed masked, as every list shows them.
    func masked(type: DocumentType) -> AuditEvent {
        guard let field else { return self }
        var event = self
        event.oldValue = oldValue.map { Masking.displayValue(field: field, value: $0, type: type) }
        event.newValue = newValue.map { Masking.displayValue(field: field, value: $0, type: type) }
        return event
    }
}

import Archive
import Foundation
import IngestCore

/// The pages of signing in, one's own account and the archive's integrity, with their scripts.
extension Pages {
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
        let chain = report.chainBreak.map { "<p class=\"problems\">chain BROKEN: \(escape(Masking.redactingIDNumbers(in: $0.description)))</p>" }
            ?? "<p>chain intact\(report.head.map { ", head <code>\($0)</code>" } ?? "")</p>"
        let items = report.itemBreaks.isEmpty ? "<p>items: each agrees with its history</p>"
            : "<p class=\"problems\">items: \(report.itemBreaks.count) disagree with their history</p><ul>"
                + report.itemBreaks.map { "<li>\(escape(Masking.redactingIDNumbers(in: $0.description)))</li>" }.joined() + "</ul>"
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
}

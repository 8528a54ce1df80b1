import Archive
import Foundation
import IngestCore

/// The pages of signing in, one's own account and the archive's integrity, with their scripts.
extension Pages {
    /// The sign-in page: name (any script), password, and the authenticator's code for an account that has one.
    static func signIn(visitor: Visitor = Visitor()) -> String {
        let words = PageTemplates.words(visitor, [
            "signIn": "Sign in", "name": "name", "password": "password", "code": "code",
            "codeHint": "(from your authenticator, if your account has a second factor)",
        ])
        return page(title: visitor.say("Sign in"), visitor: visitor, body: PageTemplates.render(["words": words], "sign-in"))
    }

    /// What `certarchive verify` says of the archive itself (the scans are checked on the command line): for
    /// auditors and admins.
    static func integrity(_ report: IntegrityReport, visitor: Visitor) -> String {
        struct View {
            var words: [String: String], events: Int, chainBreak: String?, head: String?
            var itemBreaks: [String], itemBreakCount: Int, hasItemBreaks: Bool
        }
        let breaks = report.itemBreaks.map { Masking.redactingIDNumbers(in: $0.description) }
        let view = View(
            words: PageTemplates.words(visitor, [
                "queue": "queue", "title": "Integrity of the archive", "events": "events", "chainBroken": "chain BROKEN",
                "chainIntact": "chain intact", "itemsDisagree": "items that disagree with their history",
                "itemsAgree": "items: each agrees with its history",
                "scans": "The scans' own hashes are checked on the archive's machine by", "head": "head",
            ]),
            events: report.events, chainBreak: report.chainBreak.map { Masking.redactingIDNumbers(in: $0.description) },
            head: report.head, itemBreaks: breaks, itemBreakCount: breaks.count, hasItemBreaks: !breaks.isEmpty)
        return page(title: visitor.say("Integrity"), visitor: visitor, body: PageTemplates.render(view, "integrity"))
    }

    /// The signed-in person's account: role, companies, a new password, the second factor.
    static func account(_ account: Account, visitor: Visitor) -> String {
        struct View {
            var words: [String: String], name: String, role: String, companies: String?, factorState: String, enrol: String
            var enrolled: Bool
        }
        let enrolled = account.totpSecret != nil
        let view = View(
            words: PageTemplates.words(visitor, [
                "queue": "queue", "role": "role", "companies": "companies", "everyCompany": "every company",
                "password": "Password", "current": "current", "new": "new", "change": "Change",
                "secondFactor": "Second factor", "scanIt": "Scan the image with an authenticator app, or type the secret:",
                "qr": "QR code of the secret", "codeItShows": "code it shows", "confirm": "Confirm",
                "yourPassword": "your password", "currentCode": "the code of the factor now enrolled",
            ]),
            name: account.name, role: visitor.say(account.role.rawValue),
            companies: account.isScoped ? account.companies.joined(separator: " ") : nil,
            factorState: visitor.say(enrolled ? "enrolled: sign-in asks for the authenticator's code" : "none: sign-in asks for the password only"),
            enrol: visitor.say(enrolled ? "Enrol a new one" : "Enrol"), enrolled: enrolled)
        return page(title: visitor.say("Account"), visitor: visitor, body: PageTemplates.render(view, "account"))
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
          document.getElementById('password-answer').textContent = (await r.json().catch(() => ({}))).error?.message || '未能更改';
        });
        let proof = '';
        document.getElementById('enrol').addEventListener('click', async () => {
          const enrolment = await (await post('/api/account/second-factor/new', {})).json();
          proof = enrolment.proof;
          document.getElementById('typed').textContent = enrolment.typed;
          document.getElementById('qr').src = 'data:image/svg+xml;base64,' + btoa(enrolment.qr_svg);
          document.getElementById('enrolment').hidden = false;
          document.getElementById('confirm-code').focus();
        });
        document.getElementById('confirm').addEventListener('click', async () => {
          const current = document.getElementById('current-code');
          const r = await post('/api/account/second-factor', {proof, code: value('confirm-code'),
            password: value('enrol-password'), current_code: current ? current.value : null});
          document.getElementById('enrol-answer').textContent = r.ok ? '已绑定'
            : (await r.json().catch(() => ({}))).error?.message || '未能绑定';
          if (r.ok) document.getElementById('factor-state').textContent = "已绑定：登录时需输入验证器上的动态码";
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
          // Back to the page the session ended on: a path of this site only.
          const next = new URLSearchParams(location.search).get('next') || '/';
          const here = next.startsWith('/') && !next.startsWith('//') && !next.includes(String.fromCharCode(92));
          if (r.ok) { location.href = here ? next : '/'; return; }
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

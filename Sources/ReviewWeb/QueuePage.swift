import Archive
import Foundation
import IngestCore
import Review

/// The review queue: filters with their counts, an order, pages of fifty, and a selection rejected or accepted as
/// printed at once with one reason.
extension Pages {
    /// Who is shown the queue and what he may do with it: who each item is given to, and to whom he may give items.
    struct QueueTeam {
        var assignees: [Int64: String] = [:]
        var reviewers: [String] = []
    }

    /// `queue`: every item in review the visitor may see; `query`: what of it to show. (Templates/queue.mustache)
    static func queue(_ queue: [StoredItem], query: QueueQuery = QueueQuery(), reviewedToday: Int,
                      today: PrintedDate = PrintedDate(year: 2000, month: 1, day: 1), reasons: [String] = [],
                      team: QueueTeam = QueueTeam(), visitor: Visitor = Visitor()) -> String {
        let view = QueueView(queue, query: query, reviewedToday: reviewedToday, today: today, reasons: reasons, team: team, v: visitor)
        return page(title: visitor.say("Review queue"), visitor: visitor, body: PageTemplates.render(view, "queue"))
    }

    /// What a queue row names the item by: its holder, else its number, else its file's name (ID numbers never whole).
    static func holderOrNumber(_ item: StoredItem) -> String {
        let named = [FieldName.holder, FieldName.certificateNumber].lazy.compactMap { item.fields[$0]?.value }.first { !$0.isEmpty }
        return Masking.redactingIDNumbers(in: named ?? (item.source as NSString).lastPathComponent + (item.page.map { " p.\($0)" } ?? ""))
    }

    /// The queue page's keys and its selection: Enter opens the first item; the bulk buttons send the selection.
    static let queueScript = """
        // Enter opens the first item — unless it is on a control of its own (a button such as 退出, a link, a field).
        document.addEventListener('keydown', e => {
          const first = document.querySelector('td a');
          if (e.key === 'Enter' && first && !(e.target instanceof Element && e.target.closest('button, a, input, select, textarea'))) {
            location.href = first.getAttribute('href');
          }
        });
        // The skip link puts the keyboard on the first item: one Tab and Enter from the page's top, not 27.
        const skip = document.getElementById('skip-to-list');
        if (skip) skip.addEventListener('click', e => { const first = document.querySelector('td a'); if (first) { e.preventDefault(); first.focus(); } });
        const zh = document.documentElement.lang.startsWith('zh');
        const picks = () => [...document.querySelectorAll('.pick:checked')].map(b => Number(b.value));
        document.querySelectorAll('.pick').forEach(b => b.addEventListener('change', () => { document.getElementById('picked').textContent = picks().length; }));
        const csrf = document.querySelector('meta[name=csrf-token]');
        // A decision on many items is asked twice: the first click says what the second will do.
        let armed = null;
        async function bulk(action) {
          const reason = (document.getElementById('bulk-reason').value || document.getElementById('preset').value).trim();
          const said = document.getElementById('bulk-said');
          if (!picks().length || (!reason && action !== 'assign')) { said.textContent = zh ? '请先勾选项目并写明原因' : 'select items and give a reason'; return; }
          // Without accounts the name typed on an item's page (kept by the browser) goes with every change.
          const reviewer = csrf ? undefined : (localStorage.reviewer || '').trim();
          if (!csrf && !reviewer) { said.textContent = zh ? '请先在任一项目页面顶部填写您的姓名' : 'type your name at the top of an item first'; return; }
          const what = action + ':' + picks().join(',') + ':' + reason;
          if (action !== 'assign' && armed !== what) {
            armed = what;
            const verb = action === 'reject' ? (zh ? '拒绝' : 'reject') : (zh ? '按原样接受' : 'accept as printed');
            said.textContent = zh ? '确定' + verb + '所选的 ' + picks().length + ' 项（原因：' + reason + '）？再点一次确认'
              : verb + ' the ' + picks().length + ' selected item(s) (' + reason + ')? Click again to confirm';
            return;
          }
          armed = null;
          const to = action === 'assign' ? document.getElementById('bulk-to').value : undefined;
          const r = await fetch('/api/bulk', {method: 'POST', body: JSON.stringify({ids: picks(), action, reason, to, reviewer}),
            headers: Object.assign({'Content-Type': 'application/json'}, csrf ? {'X-CSRF-Token': csrf.content} : {})});
          if (!r.ok) { const text = await r.text(); try { said.textContent = JSON.parse(text).error.message; } catch { said.textContent = text; } return; }
          const answer = await r.json();
          said.textContent = zh ? '完成 ' + answer.done.length + (answer.refused.length ? '，未执行 ' + answer.refused.length + '：' + answer.refused.map(x => x.id + ' ' + x.reason).join('；') : '')
            : answer.done.length + ' done' + (answer.refused.length ? ', ' + answer.refused.length + ' refused: ' + answer.refused.map(x => x.id + ' ' + x.reason).join('; ') : '');
          if (!answer.refused.length) location.reload();
        }
        const button = document.getElementById('bulk-reject');
        if (button) {
          button.onclick = () => bulk('reject');
          document.getElementById('bulk-as-printed').onclick = () => bulk('accept_as_printed');
          const give = document.getElementById('bulk-assign'); if (give) give.onclick = () => bulk('assign');
        }
        """
}

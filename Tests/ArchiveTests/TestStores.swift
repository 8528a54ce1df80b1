import Archive
import Foundation
import IngestCore
import PostgresArchive
import PostgresTestSupport
import Testing

/// The two stores an archive test runs on. PostgreSQL needs a server: `make test` starts a throwaway cluster and
/// names it in CERTARCHIVE_TEST_POSTGRES; without it the PostgreSQL cases are left out (and fail under CI=true).
enum StoreKind: String, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var all: [StoreKind] { TestPostgres.serverURL == nil ? [.sqlite] : [.sqlite, .postgres] }
}

/// An ingest archive of either kind, with what the tests read back (both stores answer these).
protocol TestedStore: IngestArchive {
    func checkIntegrity() throws -> IntegrityReport
    func recordSummaries(statuses: [ItemStatus]?) throws -> [RecordSummary]
}

extension ArchiveDatabase: TestedStore {}
extension PostgresArchive: TestedStore {}

extension TestPostgres {
    /// A store of the given kind, new and empty.
    static func store(_ kind: StoreKind, claimant: String = "test-host:1", lease: TimeInterval = 60) throws -> any TestedStore {
        switch kind {
        case .sqlite: try ArchiveDatabase.inMemory()
        case .postgres: try PostgresArchive(url: try freshDatabase(), lease: lease, claimant: claimant)
        }
    }
}

@Suite struct TestStoreSetUp {
    @Test func underCIThePostgreSQLCasesRun() {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            #expect(TestPostgres.serverURL != nil, "make test starts a PostgreSQL cluster and names it in CERTARCHIVE_TEST_POSTGRES")
        }
    }
}

import PostgresArchive
import Testing

/// Archive URLs as libpq writes them; a password never shown.
@Suite struct PostgresLocationTests {
    @Test func aSocketFolderAHostAndAPort() throws {
        let socket = try PostgresLocation(url: "postgres://certarchive@/archive?host=/var/run/postgresql")
        #expect(socket.configuration.unixSocketPath == "/var/run/postgresql/.s.PGSQL.5432")
        #expect(socket.configuration.database == "archive" && socket.configuration.username == "certarchive")
        let tcp = try PostgresLocation(url: "postgresql://u:secret@db.example:6543/archive?sslmode=disable")
        #expect(tcp.configuration.host == "db.example" && tcp.configuration.port == 6543)
        #expect(tcp.configuration.password == "secret")
    }

    @Test func thePasswordIsNeverShown() throws {
        #expect(try PostgresLocation(url: "postgres://u:secret@db/a").description == "postgres://u:***@db/a")
        #expect(try !PostgresLocation(url: "postgres://u@db/a?password=secret").description.contains("secret"))
    }

    @Test func aRefusedURLsPasswordIsNotShownEither() {
        for url in ["postgres://u:s3cret-pw@db.example/a?sslmode=verify-nothing", "postgres://u:s3cret-pw@db.example?sslmode=require",
                    "postgres://u@db.example/?password=s3cret-pw", "postgres://u:s3cret-pw@[bad/a"] {
            do {
                _ = try PostgresLocation(url: url)
                Issue.record("\(url) was taken")
            } catch {
                #expect(!"\(error)".contains("s3cret-pw"), "\(error)")
            }
            #expect(!PostgresLocation.masked(url).contains("s3cret-pw"))
        }
    }

    @Test func aURLMissingItsPartsIsRefusedInWords() {
        for (url, words) in [("postgres://db/a", "no user"), ("postgres://u@db/", "no database"),
                             ("postgres://u@/a", "no host"), ("postgres://u@db/a?sslmode=maybe", "sslmode")] {
            #expect(throws: PostgresArchiveError.self) { try PostgresLocation(url: url) }
            do { _ = try PostgresLocation(url: url) } catch { #expect("\(error)".contains(words), "\(url): \(error)") }
        }
        #expect(!PostgresLocation.isURL("archive.sqlite") && PostgresLocation.isURL("postgresql://u@h/d"))
    }
}

#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace lotok::db {

// A private PostgreSQL cluster inside lotokd's data directory, reachable only through a
// Unix socket. As root the cluster runs as the `postgres` user (PostgreSQL refuses root).
class EmbeddedPostgres {
public:
    explicit EmbeddedPostgres(std::filesystem::path dataDir);
    ~EmbeddedPostgres();

    // initdb on first use, then starts the server unless one is already running there,
    // retrying for a while when a crash left it half-dead. Returns the libpq connection
    // string of the `lotok` database.
    std::string start();
    // Stops the cluster (fast shutdown: open transactions roll back).
    void stop();
    // Stop on destruction only when this object started the server.
    void stopOnDestruction(bool value) { m_stopOnDestruction = value; }
    bool startedHere() const { return m_startedHere; }

    std::string connectionString(const std::string& database = "lotok") const;
    // A PostgreSQL program (pg_dump, pg_restore, ...) of the server binaries this class uses:
    // LOTOK_PG_BINDIR, else the newest /usr/lib/postgresql/<version>/bin.
    static std::filesystem::path tool(const std::string& name);
    const std::filesystem::path& clusterDir() const { return m_clusterDir; }

private:
    bool running() const;
    // pg_ctl start; false when the server did not come up.
    bool startServer();
    void createLotokDatabase();
    // The user the cluster's tools run as when lotokd is root: the owner of an existing
    // cluster, else `postgres`.
    std::string clusterOwner() const;
    int run(const std::vector<std::string>& argv, bool asClusterOwner) const;
    std::filesystem::path binary(const std::string& name) const;

    std::filesystem::path m_dataDir;
    std::filesystem::path m_clusterDir;
    std::filesystem::path m_socketDir;
    std::filesystem::path m_binDir;
    bool m_asRoot;
    bool m_startedHere = false;
    bool m_stopOnDestruction = false;
};

} // namespace lotok::db

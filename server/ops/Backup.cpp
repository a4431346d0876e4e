#include "ops/Backup.h"

#include "db/Connection.h"
#include "db/EmbeddedPostgres.h"
#include "util/Crypto.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace lotok::ops {
namespace {

// A lower-case SQL name (letters, digits, '_'), safe to put into a statement unquoted.
bool plainName(const std::string& name) {
    return !name.empty() && name.size() < 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }) && !(name[0] >= '0' && name[0] <= '9');
}

constexpr const char* kFormat = "lotok-backup";
constexpr int kFormatVersion = 1;
constexpr const char* kManifest = "manifest.json";

// Runs a program to the end; its stdout is kept when asked, its stderr is what went wrong.
int run(const std::vector<std::string>& argv, std::string& errors, std::string* output = nullptr) {
    int err[2];
    int out[2];
    if (pipe(err) != 0 || pipe(out) != 0) {
        throw std::runtime_error("pipe failed");
    }
    const pid_t pid = fork();
    if (pid == 0) {
        const int null = open("/dev/null", O_RDWR);
        dup2(null, STDIN_FILENO);
        dup2(output ? out[1] : null, STDOUT_FILENO);
        dup2(err[1], STDERR_FILENO);
        close(err[0]);
        close(err[1]);
        close(out[0]);
        close(out[1]);
        std::vector<char*> args;
        for (const auto& arg : argv) {
            args.push_back(const_cast<char*>(arg.c_str()));
        }
        args.push_back(nullptr);
        execvp(args[0], args.data());
        _exit(127);
    }
    close(err[1]);
    close(out[1]);
    // Two pipes read in turn would deadlock on a full one; stdout is only ever small lists.
    const auto drain = [](int fd, std::string* into) {
        char buffer[4096];
        ssize_t n = 0;
        while ((n = read(fd, buffer, sizeof buffer)) > 0) {
            if (into) {
                into->append(buffer, static_cast<std::size_t>(n));
            }
        }
        close(fd);
    };
    std::string ignored;
    drain(out[0], output ? output : &ignored);
    drain(err[0], &errors);
    int status = 0;
    waitpid(pid, &status, 0);
    while (!errors.empty() && (errors.back() == '\n' || errors.back() == ' ')) {
        errors.pop_back();
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

void runOrThrow(const std::vector<std::string>& argv, const std::string& what) {
    std::string errors;
    if (run(argv, errors) != 0) {
        // The first lines say what went wrong; pg_restore goes on to quote whole statements.
        std::size_t cut = 0;
        for (int line = 0; line < 3 && cut != std::string::npos; ++line) {
            cut = errors.find('\n', cut ? cut + 1 : 0);
        }
        if (cut != std::string::npos) {
            errors = errors.substr(0, cut) + " ...";
        }
        throw std::runtime_error(what + ": " + (errors.empty() ? argv[0] + " failed" : errors));
    }
}

std::string fileSha256(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return util::sha256Hex(data);
}

// A private directory beside `near` (same filesystem, so a backup's dumps sit where the
// operator made room for the backup).
fs::path privateDir(const fs::path& near) {
    auto pattern = (near / ".lotok-backup-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
        throw std::runtime_error("cannot create a working directory in " + near.string());
    }
    return pattern;
}

std::string utcNow() {
    const auto now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

struct Database {
    std::string url;
    std::vector<const ServiceDatabase*> services;
};

std::vector<Database> byDatabase(const std::vector<ServiceDatabase>& services) {
    std::vector<Database> out;
    for (const auto& service : services) {
        auto found = std::find_if(out.begin(), out.end(),
                                  [&](const Database& db) { return db.url == service.url; });
        if (found == out.end()) {
            out.push_back(Database{service.url, {}});
            found = std::prev(out.end());
        }
        found->services.push_back(&service);
    }
    return out;
}

std::vector<std::string> schemaArgs(const std::vector<std::string>& schemas) {
    std::vector<std::string> out;
    for (const auto& schema : schemas) {
        out.insert(out.end(), {"--schema", schema});
    }
    return out;
}

} // namespace

nlohmann::json writeBackup(const std::vector<ServiceDatabase>& services, const fs::path& out,
                           const std::string& lotokdVersion) {
    const auto target = fs::absolute(out);
    const auto work = privateDir(target.parent_path());
    nlohmann::json manifest = {{"format", kFormat},
                               {"format_version", kFormatVersion},
                               {"lotokd_version", lotokdVersion},
                               {"created_at", utcNow()},
                               {"databases", nlohmann::json::array()}};
    try {
        std::vector<std::string> members = {kManifest};
        int index = 0;
        for (const auto& database : byDatabase(services)) {
            const auto file = "db" + std::to_string(index++) + ".dump";
            nlohmann::json entry = {{"file", file}, {"services", nlohmann::json::array()}};
            std::vector<std::string> schemas;
            {
                db::Connection connection(database.url);
                for (const auto* service : database.services) {
                    // The migrations each component of the schema has, so a restore (and a
                    // reader) knows which lotokd the data belongs to.
                    nlohmann::json migrations = nlohmann::json::object();
                    const auto rows =
                        connection.exec("SELECT component, max(version) FROM " + service->schema +
                                        ".schema_migrations GROUP BY component ORDER BY component");
                    for (int row = 0; row < rows.rows(); ++row) {
                        migrations[rows.string(row, 0)] = rows.int64(row, 1);
                    }
                    entry["services"].push_back({{"service", service->service},
                                                 {"schema", service->schema},
                                                 {"migrations", migrations}});
                    schemas.push_back(service->schema);
                }
                // What the schemas' objects may need from outside them (Stock's search index
                // uses pg_trgm's operator class, installed in its own schema): pg_dump of a
                // schema leaves extensions out, so the restore makes them first.
                entry["extensions"] = nlohmann::json::array();
                const auto extensions = connection.exec(
                    "SELECT e.extname, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid "
                    "= e.extnamespace WHERE e.extname <> 'plpgsql' ORDER BY e.extname");
                for (int row = 0; row < extensions.rows(); ++row) {
                    entry["extensions"].push_back({{"name", extensions.string(row, 0)},
                                                   {"schema", extensions.string(row, 1)}});
                }
            }
            // One pg_dump is one snapshot (a repeatable-read transaction) of its database.
            std::vector<std::string> argv = {db::EmbeddedPostgres::tool("pg_dump").string(),
                                             "--format=custom", "--file", (work / file).string()};
            const auto only = schemaArgs(schemas);
            argv.insert(argv.end(), only.begin(), only.end());
            argv.push_back("--dbname=" + database.url);
            runOrThrow(argv, "pg_dump of " + entry["services"][0]["service"].get<std::string>() +
                                 "'s database failed");
            entry["size"] = static_cast<std::int64_t>(fs::file_size(work / file));
            entry["sha256"] = fileSha256(work / file);
            manifest["databases"].push_back(entry);
            members.push_back(file);
        }
        std::ofstream(work / kManifest) << manifest.dump(2) << "\n";
        const auto partial = target.string() + ".partial";
        std::vector<std::string> argv = {"tar", "-cf", partial, "-C", work.string()};
        argv.insert(argv.end(), members.begin(), members.end());
        runOrThrow(argv, "cannot write " + partial);
        fs::rename(partial, target);
    } catch (...) {
        std::error_code ignored;
        fs::remove(target.string() + ".partial", ignored);
        fs::remove_all(work, ignored);
        throw;
    }
    fs::remove_all(work);
    return manifest;
}

BackupArchive::BackupArchive(const fs::path& file) {
    const auto source = fs::absolute(file);
    if (!fs::is_regular_file(source)) {
        throw std::runtime_error("no backup file " + source.string());
    }
    m_dir = privateDir(fs::temp_directory_path());
    const auto bad = [&](const std::string& why) {
        return std::runtime_error(source.string() + " is not a usable lotok backup: " + why);
    };
    // Only plain names the manifest can account for: nothing outside the directory.
    std::string errors;
    std::string listing;
    if (run({"tar", "-tf", source.string()}, errors, &listing) != 0) {
        throw bad("not a whole tar archive (" + errors + ")");
    }
    std::set<std::string> members;
    std::istringstream names(listing);
    for (std::string name; std::getline(names, name);) {
        if (name.empty() || name.find('/') != std::string::npos || name[0] == '.') {
            throw bad("unexpected member '" + name + "'");
        }
        members.insert(name);
    }
    if (!members.count(kManifest)) {
        throw bad("no manifest.json in it");
    }
    errors.clear();
    if (run({"tar", "-xf", source.string(), "-C", m_dir.string()}, errors) != 0) {
        throw bad("cannot unpack it (" + errors + ")");
    }
    std::ifstream in(m_dir / kManifest);
    m_manifest = nlohmann::json::parse(in, nullptr, false);
    if (!m_manifest.is_object() || m_manifest.value("format", "") != kFormat ||
        !m_manifest.contains("databases") || !m_manifest["databases"].is_array()) {
        throw bad("manifest.json is not a lotok backup manifest");
    }
    if (m_manifest.value("format_version", 0) != kFormatVersion) {
        throw bad("format version " + m_manifest["format_version"].dump() + ", this lotokd reads " +
                  std::to_string(kFormatVersion));
    }
    std::set<std::string> seen;
    for (const auto& database : m_manifest["databases"]) {
        const auto name = database.value("file", "");
        if (!members.count(name) || name == kManifest) {
            throw bad("the manifest names '" + name + "', which the archive does not hold");
        }
        const auto path = m_dir / name;
        if (static_cast<std::int64_t>(fs::file_size(path)) != database.value("size", -1) ||
            fileSha256(path) != database.value("sha256", "")) {
            throw bad(name + " is not the dump the manifest describes (size or SHA-256 differs)");
        }
        errors.clear();
        if (run({db::EmbeddedPostgres::tool("pg_restore").string(), "--list", path.string()},
                errors) != 0) {
            throw bad(name + " is not a pg_dump archive (" + errors + ")");
        }
        for (const auto& service : database.value("services", nlohmann::json::array())) {
            if (!seen.insert(service.value("service", "")).second) {
                throw bad("service " + service.value("service", "") + " is in it twice");
            }
        }
        // Restore puts these names into SQL: checked here, with the rest, before anything
        // is written.
        const auto extensions = database.value("extensions", nlohmann::json::array());
        if (!extensions.is_array()) {
            throw bad("the manifest's extensions of " + name + " are not a list");
        }
        for (const auto& extension : extensions) {
            const auto extName = extension.is_object() ? extension.value("name", "") : "";
            const auto schema = extension.is_object() ? extension.value("schema", "") : "";
            if (!plainName(extName) || !plainName(schema)) {
                throw bad("the manifest names an extension '" + extName + "' in schema '" + schema +
                          "'");
            }
        }
    }
    if (seen.empty()) {
        throw bad("it holds no service");
    }
}

BackupArchive::~BackupArchive() {
    std::error_code ignored;
    fs::remove_all(m_dir, ignored);
}

std::vector<std::string> BackupArchive::services() const {
    std::vector<std::string> out;
    for (const auto& database : m_manifest["databases"]) {
        for (const auto& service : database["services"]) {
            out.push_back(service.at("service").get<std::string>());
        }
    }
    return out;
}

void requireEmptyTargets(const std::vector<ServiceDatabase>& targets) {
    for (const auto& database : byDatabase(targets)) {
        db::Connection connection(database.url);
        std::string taken;
        for (const auto* target : database.services) {
            const auto rows =
                connection.exec("SELECT 1 FROM pg_namespace WHERE nspname = $1", {target->schema});
            if (rows.rows() > 0) {
                taken += (taken.empty() ? "" : ", ") + target->schema;
            }
        }
        if (!taken.empty()) {
            throw std::runtime_error(
                "refusing to restore: the database of " + database.services.front()->service +
                " already has schema(s) " + taken + " (restore wants empty databases)");
        }
    }
}

void restoreBackup(const BackupArchive& archive, const std::vector<ServiceDatabase>& targets) {
    std::map<std::string, const ServiceDatabase*> targetOf;
    for (const auto& target : targets) {
        targetOf[target.service] = &target;
    }
    // (dump, target database) -> schemas: a dump of one database may go to several and
    // several dumps to one (seven databases restored into one embedded cluster).
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> steps;
    std::map<std::string, nlohmann::json> extensionsOf; // by dump file
    for (const auto& database : archive.m_manifest["databases"]) {
        extensionsOf[database.at("file").get<std::string>()] =
            database.value("extensions", nlohmann::json::array());
        for (const auto& service : database["services"]) {
            const auto name = service.at("service").get<std::string>();
            const auto found = targetOf.find(name);
            if (found == targetOf.end()) {
                throw std::runtime_error("no target database for service " + name);
            }
            if (found->second->schema != service.at("schema").get<std::string>()) {
                throw std::runtime_error("service " + name + " is in schema " +
                                         service.at("schema").get<std::string>() +
                                         " in the backup, " + found->second->schema + " here");
            }
            steps[{database.at("file").get<std::string>(), found->second->url}].push_back(
                found->second->schema);
        }
    }
    std::vector<std::pair<std::string, std::vector<std::string>>> done; // url, schemas
    try {
        for (const auto& [step, schemas] : steps) {
            const auto& [file, url] = step;
            // pg_restore --schema restores what is in a schema, not the schema itself.
            done.emplace_back(url, schemas);
            {
                db::Connection connection(url);
                for (const auto& schema : schemas) {
                    connection.execScript("CREATE SCHEMA " + schema);
                }
                // Left in place if the restore fails: an extension is shared by the whole
                // database and harmless unused.
                for (const auto& extension : extensionsOf[file]) {
                    // Plain names: checked with the manifest (BackupArchive).
                    const auto name = extension.at("name").get<std::string>();
                    const auto schema = extension.at("schema").get<std::string>();
                    connection.execScript("CREATE SCHEMA IF NOT EXISTS " + schema);
                    connection.execScript("CREATE EXTENSION IF NOT EXISTS " + name + " SCHEMA " +
                                          schema);
                }
            }
            // One transaction per step: pg_restore either restores it all or nothing of it.
            std::vector<std::string> argv = {db::EmbeddedPostgres::tool("pg_restore").string(),
                                             "--single-transaction", "--exit-on-error",
                                             "--no-owner", "--no-privileges"};
            const auto only = schemaArgs(schemas);
            argv.insert(argv.end(), only.begin(), only.end());
            argv.insert(argv.end(), {"--dbname=" + url, (archive.m_dir / file).string()});
            runOrThrow(argv, "pg_restore of " + file + " failed");
        }
    } catch (...) {
        for (const auto& [url, schemas] : done) {
            try {
                db::Connection connection(url);
                for (const auto& schema : schemas) {
                    connection.execScript("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            } catch (const std::exception&) {
                // Reported by the error being rethrown; the operator sees the restore failed.
            }
        }
        throw;
    }
}

} // namespace lotok::ops

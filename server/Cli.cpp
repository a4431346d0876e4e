#include "Cli.h"

#include "ServiceCatalog.h"
#include "config/Config.h"
#include "db/EmbeddedPostgres.h"
#include "events/EventsStatus.h"
#include "events/InProcessBus.h"
#include "events/NatsBus.h"
#include "host/ServiceHost.h"
#include "http/ApiError.h"
#include "log/Log.h"
#include "ops/Backup.h"
#include "util/Crypto.h"
#include "ws/SocketHub.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <signal.h>
#include <stdexcept>
#include <sys/resource.h>
#include <tuple>

namespace lotok {
namespace {

// What the command line gave, before it is laid over the config file and the environment.
// Only the options of the command that ran are ever set: CLI11 refuses the others.
struct Flags {
    std::optional<std::string> configFile;
    std::optional<std::string> dataDir;
    std::vector<std::string> databaseUrls;
    std::optional<std::string> listen;
    std::optional<std::string> internalListen;
    std::optional<std::string> tlsCertificate;
    std::optional<std::string> tlsKey;
    std::optional<std::string> services;
    std::vector<std::string> serviceUrls;
    std::optional<std::string> eventsUrl;
    std::optional<std::string> logLevel;
    std::optional<std::string> logFormat;
    std::string login;
    std::string retryId;
    bool json = false;
    std::string backupFile; // backup --out FILE, restore FILE
};

struct Options {
    config::Config config;
    std::string login;
    std::string retryId;
    bool json = false;
    std::string backupFile;
};

// Defaults, then the config file, then the environment, then the flags.
Options configure(const Flags& flags) {
    Options options;
    options.login = flags.login;
    options.retryId = flags.retryId;
    options.json = flags.json;
    options.backupFile = flags.backupFile;
    auto& config = options.config;
    std::optional<std::string> configFile = flags.configFile;
    if (!configFile) {
        if (const char* env = std::getenv("LOTOK_CONFIG"); env && *env) {
            configFile = env;
        } else if (std::filesystem::exists("/etc/lotok/lotokd.conf")) {
            configFile = "/etc/lotok/lotokd.conf";
        }
    }
    if (configFile) {
        config.loadFile(*configFile);
    }
    config.loadEnvironment();
    if (flags.dataDir) {
        config.dataDir = *flags.dataDir;
    }
    for (const auto& url : flags.databaseUrls) {
        config.setDatabaseUrl(url);
    }
    if (flags.listen) {
        config.listen = *flags.listen;
    }
    if (flags.internalListen) {
        config.internalListen = *flags.internalListen;
    }
    if (flags.tlsCertificate) {
        config.tlsCertificate = *flags.tlsCertificate;
    }
    if (flags.tlsKey) {
        config.tlsKey = *flags.tlsKey;
    }
    if (flags.services) {
        config.services = config::parseServiceList(*flags.services);
    }
    for (const auto& value : flags.serviceUrls) {
        const auto eq = value.find('=');
        config.serviceUrls[value.substr(0, eq)] = value.substr(eq + 1);
    }
    if (flags.eventsUrl) {
        config.eventsUrl = *flags.eventsUrl;
    }
    if (flags.logLevel) {
        log::parseLevel(*flags.logLevel, config.logLevel); // checked by the parser
    }
    if (flags.logFormat) {
        log::parseFormat(*flags.logFormat, config.logFormat); // checked by the parser
    }
    if (config.dataDir.empty()) {
        config.dataDir = config::defaultDataDir();
    }
    log::setLevel(config.logLevel);
    log::setFormat(config.logFormat);
    return options;
}

// The database to use: the configured URL, or the embedded cluster, started if needed.
struct Database {
    std::unique_ptr<db::EmbeddedPostgres> embedded;
    std::string url;
};

Database openDatabase(const config::Config& config) {
    Database database;
    if (!host::ServiceHost::needsSharedDatabase(config, serviceCatalog())) {
        return database; // every hosted service has a database of its own
    }
    if (config.databaseUrl) {
        database.url = *config.databaseUrl;
        return database;
    }
    database.embedded = std::make_unique<db::EmbeddedPostgres>(config.dataDir);
    // Every way out of the command (a port already taken, a failed migration, an exception
    // inside start() itself) stops the cluster if this process started it; one already
    // running, such as the `lotokd db start` of the test run, is left alone.
    database.embedded->stopOnDestruction(true);
    database.url = database.embedded->start();
    return database;
}

// Hosts services for a one-off command: no listeners, no background work.
class CommandHost {
public:
    CommandHost(config::Config config, std::set<std::string> services)
        : m_config(std::move(config)) {
        m_config.services = std::move(services);
        m_config.dbPoolSize = 4;
        m_database = openDatabase(m_config);
        m_host = std::make_unique<host::ServiceHost>(m_config, serviceCatalog(), m_hub);
        m_host->open(m_database.url);
    }
    ~CommandHost() {
        m_host.reset(); // close connections before the cluster stops
    }

    host::ServiceHost& host() { return *m_host; }

private:
    config::Config m_config;
    Database m_database;
    ws::SocketHub m_hub;
    std::unique_ptr<host::ServiceHost> m_host;
};

std::string readPassword() {
    std::string password;
    std::getline(std::cin, password);
    while (!password.empty() && (password.back() == '\r' || password.back() == '\n')) {
        password.pop_back();
    }
    return password;
}

std::int64_t createUser(host::ServiceHost& host, const nlohmann::json& body) {
    const auto response = host.transport("user").postJson("/internal/api/v1/users", body);
    if (response.status != 201) {
        throw http::ApiError::fromResponse(response).value_or(http::ApiError(
            ErrorCode::Internal, "user service answered " + std::to_string(response.status)));
    }
    return response.json().at("id").get<std::int64_t>();
}

nlohmann::json staffProfile(const std::string& login, const std::string& password) {
    return {{"login", login},      {"password", password},   {"email", login + "@staff.lotok"},
            {"first_name", login}, {"last_name", "(staff)"}, {"address", "Lotok warehouse"},
            {"role", "staff"}};
}

int staffAdd(const Options& options) {
    const auto password = readPassword();
    CommandHost command(options.config, {"user", "auth"});
    const auto id = createUser(command.host(), staffProfile(options.login, password));
    std::cout << "staff account '" << options.login << "' created (user id " << id << ")\n";
    return 0;
}

int demoSeed(const Options& options) {
    CommandHost command(options.config, {"user", "auth", "stock"});
    auto& host = command.host();
    const auto existing = host.transport("stock").get("/api/v1/stock/positions", "limit=1");
    if (existing.json().at("positions").empty()) {
        const auto asStaff = [&](const std::string& path, const nlohmann::json& body) {
            http::HttpRequest request;
            request.method = "POST";
            request.path = path;
            request.setHeader("content-type", "application/json");
            request.setHeader("x-user-id", "1");
            request.setHeader("x-user-role", "staff");
            request.body = body.dump();
            const auto created = host.transport("stock").send(request);
            if (created.status != 201) {
                throw std::runtime_error("could not seed the catalogue: " + created.body);
            }
            return created.json().at("id").get<std::int64_t>();
        };
        // The catalogue's categories and descriptions, so the search and the filter have
        // something to show (a category already there is left as it is).
        std::map<std::string, std::int64_t> categories;
        const auto listed = host.transport("stock").get("/api/v1/stock/categories", "");
        for (const auto& category : listed.json().at("categories")) {
            categories[category.at("name").get<std::string>()] =
                category.at("id").get<std::int64_t>();
        }
        for (const char* name : {"Tea", "Groceries", "Tableware"}) {
            if (!categories.count(name)) {
                categories[name] = asStaff("/api/v1/staff/categories", {{"name", name}});
            }
        }
        struct Demo {
            const char* name;
            std::int64_t price;
            std::int64_t count;
            const char* category;
            const char* description;
        };
        const std::vector<Demo> catalogue = {
            {"Assam tea, 250 g", 25000, 40, "Tea",
             "Strong, malty black tea from the Brahmaputra valley.\nGood with milk."},
            {"Darjeeling tea, 100 g", 42000, 15, "Tea",
             "First flush, light and flowery. Brew at 85 °C for three minutes."},
            {"Buckwheat honey, 500 g", 61000, 25, "Groceries",
             "Dark and rich, from the Altai. Crystallises naturally."},
            {"Rye bread", 9500, 60, "Groceries", "Borodinsky-style, with coriander."},
            {"Pelmeni, 1 kg", 54000, 30, "Groceries", "Beef and pork, hand-made, frozen."},
            {"Sour cream 20%, 300 g", 13900, 45, "Groceries", ""},
            {"Samovar, electric, 3 l", 899000, 4, "Tableware",
             "Nickel-plated brass, 3 litres, boils in 15 minutes."},
            {"Gzhel tea cup", 149000, 12, "Tableware", "Hand-painted porcelain, cobalt blue."},
            {"Pryanik (Tula gingerbread)", 32000, 50, "Groceries", "With plum jam inside, 600 g."},
            {"Birch sap, 1 l", 11000, 0, "Groceries", ""},
        };
        for (const auto& demo : catalogue) {
            asStaff("/api/v1/stock/positions", {{"name", demo.name},
                                                {"price", demo.price},
                                                {"count", demo.count},
                                                {"description", demo.description},
                                                {"category_id", categories.at(demo.category)}});
        }
        std::cout << "demo catalogue: " << catalogue.size() << " positions added\n";
    }
    // The demo staff password is kept beside the data so every `make run` can print it.
    const auto passwordFile = options.config.dataDir / "demo-staff-password";
    std::string password;
    if (std::ifstream in(passwordFile); in) {
        std::getline(in, password);
    } else {
        password = util::randomToken(12);
        createUser(host, staffProfile("staff", password));
        std::filesystem::create_directories(options.config.dataDir);
        std::ofstream out(passwordFile);
        out << password << "\n";
        std::filesystem::permissions(passwordFile, std::filesystem::perms::owner_read |
                                                       std::filesystem::perms::owner_write);
    }
    std::cout << "staff login: staff / " << password << "\n";
    return 0;
}

int migrate(const Options& options) {
    CommandHost command(options.config, options.config.services);
    std::cout << "migrations applied: " << command.host().migrationsApplied() << "\n";
    return 0;
}

int dbStart(const Options& options) {
    std::cout << db::EmbeddedPostgres(options.config.dataDir).start() << "\n";
    return 0;
}

int dbStop(const Options& options) {
    db::EmbeddedPostgres(options.config.dataDir).stop();
    return 0;
}

int dbUrl(const Options& options) {
    std::cout << db::EmbeddedPostgres(options.config.dataDir).connectionString() << "\n";
    return 0;
}

// Dead letters over JetStream live in the broker (LOTOK_DEAD, ids are its sequence numbers).
int natsDeadLetters(const config::Config& config, const std::optional<std::string>& retry) {
    events::NatsBus::Options busOptions;
    busOptions.urls = config.eventsUrl;
    events::NatsBus bus(busOptions);
    if (!retry) {
        const auto letters = bus.deadLetters();
        for (const auto& letter : letters) {
            std::cout << letter.sequence << "\t" << letter.consumer << "\t" << letter.event.type
                      << "\t" << letter.event.id << "\t" << letter.error << "\n";
        }
        std::cerr << letters.size() << " dead letter(s)\n";
        return 0;
    }
    std::uint64_t sequence = 0;
    const auto& text = *retry;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), sequence);
    if (error != std::errc() || end != text.data() + text.size() || sequence == 0) {
        throw std::runtime_error("events retry: ID is a positive number from 'events dead'");
    }
    if (!bus.retryDeadLetter(sequence)) {
        std::cerr << "lotokd: no dead letter " << sequence << "\n";
        return 1;
    }
    std::cout << "dead letter " << sequence << " sent again\n";
    return 0;
}

// With the in-process bus they are rows of each service's schema (ids "<schema>.<seq>").
// Each service's schema, in its own database when it has one (as the cluster runs them), for
// the commands that read the services' tables without hosting the services.
struct ServiceSchemas {
    struct Entry {
        std::string service;
        std::string schema;
        db::Pool* pool;
    };

    explicit ServiceSchemas(const config::Config& config) : database(openDatabase(config)) {
        for (const auto& spec : serviceCatalog()) {
            const auto own = config.serviceDatabaseUrls.find(spec.name);
            const auto& url = own != config.serviceDatabaseUrls.end() ? own->second : database.url;
            if (url.empty()) {
                continue;
            }
            auto& pool = pools[url];
            if (!pool) {
                pool = std::make_unique<db::Pool>(url, 1);
            }
            // Only schemas lotokd has migrated this far (a service never started has none).
            if (!pool->exec("SELECT to_regclass($1)", {spec.schema + ".bus_deliveries"})
                     .isNull(0, 0)) {
                entries.push_back(Entry{spec.name, spec.schema, pool.get()});
            }
        }
    }
    ~ServiceSchemas() {
        pools.clear(); // connections closed before the embedded cluster stops
    }

    Database database;
    std::map<std::string, std::unique_ptr<db::Pool>> pools;
    std::vector<Entry> entries;
};

int storedDeadLetters(const config::Config& config, const std::optional<std::string>& retry) {
    ServiceSchemas schemas(config);
    std::map<std::string, db::Pool*> schemaPools;
    for (const auto& entry : schemas.entries) {
        schemaPools[entry.schema] = entry.pool;
    }
    if (!retry) {
        std::size_t count = 0;
        for (const auto& [schema, pool] : schemaPools) {
            for (const auto& letter : events::InProcessBus::deadLetters(*pool, schema)) {
                std::cout << letter.id << "\t" << letter.consumer << "\t" << letter.event.type
                          << "\t" << letter.event.id << "\t" << letter.error << "\n";
                ++count;
            }
        }
        std::cerr << count << " dead letter(s)\n";
        return 0;
    }
    const auto& text = *retry;
    const auto dot = text.rfind('.');
    std::int64_t sequence = 0;
    const auto schema = dot == std::string::npos ? std::string() : text.substr(0, dot);
    const auto digits =
        dot == std::string::npos ? std::string_view() : std::string_view(text).substr(dot + 1);
    const auto [end, error] =
        std::from_chars(digits.data(), digits.data() + digits.size(), sequence);
    const auto found = schemaPools.find(schema);
    if (found == schemaPools.end() || error != std::errc() ||
        end != digits.data() + digits.size() || sequence <= 0) {
        throw std::runtime_error("events retry: ID is SCHEMA.NUMBER from 'events dead'");
    }
    if (!events::InProcessBus::retryDeadLetter(*found->second, schema, sequence)) {
        std::cerr << "lotokd: no dead letter " << text << "\n";
        return 1;
    }
    std::cout << "dead letter " << text << " sent again\n";
    return 0;
}

int eventsDead(const Options& options) {
    return options.config.eventsUrl.empty() ? storedDeadLetters(options.config, std::nullopt)
                                            : natsDeadLetters(options.config, std::nullopt);
}

int eventsStatus(const Options& options) {
    const auto& config = options.config;
    events::EventsStatus status;
    status.bus = config.eventsUrl.empty() ? "in-process" : "jetstream";
    ServiceSchemas schemas(config);
    for (const auto& entry : schemas.entries) {
        status.outboxes.push_back(events::readOutbox(*entry.pool, entry.service, entry.schema));
        if (config.eventsUrl.empty()) {
            events::readStoredConsumers(*entry.pool, entry.schema, status);
        }
    }
    if (!config.eventsUrl.empty()) {
        // On a broker the deliveries are its own: JetStream's count of each durable consumer
        // is the lag, and the dead letters are the records of LOTOK_DEAD.
        events::NatsBus::Options busOptions;
        busOptions.urls = config.eventsUrl;
        events::NatsBus bus(busOptions);
        events::readBrokerConsumers(bus, status);
    }
    if (options.json) {
        std::cout << events::toJson(status).dump(2) << "\n";
    } else {
        std::cout << events::renderTable(status);
    }
    return 0;
}

// Where each service's schema is, for backup and restore: its own database, or the shared
// one (`sharedUrl`: the configured URL or the embedded cluster's).
std::vector<ops::ServiceDatabase> serviceDatabases(const config::Config& config,
                                                   const std::string& sharedUrl) {
    std::vector<ops::ServiceDatabase> out;
    for (const auto& spec : serviceCatalog()) {
        const auto own = config.serviceDatabaseUrls.find(spec.name);
        const auto& url = own != config.serviceDatabaseUrls.end() ? own->second : sharedUrl;
        if (!url.empty()) {
            out.push_back(ops::ServiceDatabase{spec.name, spec.schema, url});
        }
    }
    return out;
}

int backup(const Options& options) {
    auto database = openDatabase(options.config);
    std::vector<ops::ServiceDatabase> services;
    for (auto& service : serviceDatabases(options.config, database.url)) {
        // A service whose schema was never migrated (never started) has nothing to keep.
        db::Pool pool(service.url, 1);
        if (pool.exec("SELECT to_regclass($1)", {service.schema + ".schema_migrations"})
                .isNull(0, 0)) {
            std::cerr << "lotokd: " << service.service << " has no data yet; not in the backup\n";
            continue;
        }
        services.push_back(std::move(service));
    }
    if (services.empty()) {
        throw std::runtime_error("no service has data to back up (run lotokd migrate first?)");
    }
    const auto manifest = ops::writeBackup(services, options.backupFile, LOTOK_VERSION);
    std::cout << "backup " << options.backupFile << ": " << manifest["databases"].size()
              << " database(s), " << services.size() << " service(s)\n";
    return 0;
}

int restore(const Options& options) {
    const auto& config = options.config;
    // Everything is checked before anything is written: the file, then the targets.
    ops::BackupArchive archive(options.backupFile);
    const auto inBackup = archive.services();
    const bool embedded = std::any_of(inBackup.begin(), inBackup.end(),
                                      [&](const std::string& name) {
                                          return !config.serviceDatabaseUrls.count(name);
                                      }) &&
                          !config.databaseUrl;
    const auto dataDir = config.dataDir;
    const bool dataDirExisted = std::filesystem::exists(dataDir);
    if (embedded && dataDirExisted && !std::filesystem::is_empty(dataDir)) {
        throw std::runtime_error("refusing to restore into " + dataDir.string() +
                                 ": it is not empty (restore wants a new, empty data directory; "
                                 "give another --data-dir or move this one away)");
    }
    const auto external = serviceDatabases(config, config.databaseUrl.value_or(""));
    std::vector<ops::ServiceDatabase> externalTargets;
    for (const auto& target : external) {
        if (std::find(inBackup.begin(), inBackup.end(), target.service) != inBackup.end()) {
            externalTargets.push_back(target);
        }
    }
    ops::requireEmptyTargets(externalTargets);

    std::unique_ptr<db::EmbeddedPostgres> cluster;
    std::string embeddedUrl;
    try {
        if (embedded) {
            cluster = std::make_unique<db::EmbeddedPostgres>(dataDir);
            cluster->stopOnDestruction(true);
            embeddedUrl = cluster->start();
        }
        std::vector<ops::ServiceDatabase> targets;
        for (const auto& target :
             serviceDatabases(config, embedded ? embeddedUrl : config.databaseUrl.value_or(""))) {
            if (std::find(inBackup.begin(), inBackup.end(), target.service) != inBackup.end()) {
                targets.push_back(target);
            }
        }
        if (targets.size() != inBackup.size()) {
            throw std::runtime_error("the backup holds a service this lotokd does not know");
        }
        ops::restoreBackup(archive, targets);
    } catch (...) {
        // Nothing half-restored: the cluster this command made goes again with its directory.
        if (cluster) {
            cluster->stop();
            cluster.reset();
            std::error_code ignored;
            if (dataDirExisted) {
                for (const auto& entry : std::filesystem::directory_iterator(dataDir, ignored)) {
                    std::filesystem::remove_all(entry.path(), ignored);
                }
            } else {
                std::filesystem::remove_all(dataDir, ignored);
            }
        }
        throw;
    }
    std::cout << "restored " << inBackup.size() << " service(s) from " << options.backupFile
              << " (written by lotokd " << archive.manifest().value("lotokd_version", "?") << " at "
              << archive.manifest().value("created_at", "?") << ")\n";
    return 0;
}

int eventsRetry(const Options& options) {
    return options.config.eventsUrl.empty() ? storedDeadLetters(options.config, options.retryId)
                                            : natsDeadLetters(options.config, options.retryId);
}

int serve(const Options& options) {
    const auto& config = options.config;
    // Signals are taken synchronously by sigwait below, never by a handler mid-request.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP); // reload the TLS certificate
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    signal(SIGPIPE, SIG_IGN);
    // Every WebSocket client holds a descriptor; the soft default of 1,024 would cap them.
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }

    auto database = openDatabase(config);
    ws::SocketHub hub(ws::SocketHub::Options{config.wsIdleTimeoutSeconds, config.wsPingSeconds,
                                             config.wsMaxQueuedMessages, config.wsAllowedOrigins});
    host::ServiceHost host(config, serviceCatalog(), hub);
    host.open(database.url);
    log::info("database ready, {} migrations applied", host.migrationsApplied());
    host.startBackground();
    hub.setAuthenticator(host.router());
    hub.start();
    host.listen(hub.upgradeHandler());
    std::printf("lotokd: public %s://%s:%u\n", config.tls() ? "https" : "http",
                http::parseHostPort(config.listen).first.c_str(), host.publicPort());
    std::printf("lotokd: internal http://%s:%u\n",
                http::parseHostPort(config.internalListen).first.c_str(), host.internalPort());
    std::printf("lotokd: ready\n");
    std::fflush(stdout);

    int received = 0;
    while (sigwait(&signals, &received) == 0 && received == SIGHUP) {
        host.reloadTls();
    }
    log::info("signal {}: shutting down", received);
    hub.shutdown(); // 1001 to every socket before the listeners go
    host.shutdown();
    if (database.embedded) {
        database.embedded->stop();
    }
    return 0;
}

using Runner = std::function<int(const Options&)>;

// The command tree. Each command declares the options it reads and nothing more, so a flag
// meant for another command is refused instead of silently ignored.
class CommandLine {
public:
    CommandLine() : m_app("lotokd — the Lotok shop server", "lotokd") {
        m_app.get_formatter()->column_width(30);
        m_app.require_subcommand(1);
        m_app.set_version_flag("--version", std::string("lotokd ") + LOTOK_VERSION,
                               "print the version and exit");

        auto* serveCommand =
            command(m_app, "serve", "run the services (default: all seven)", serve);
        common(serveCommand);
        database(serveCommand);
        listeners(serveCommand);
        hosting(serveCommand);
        events(serveCommand);

        auto* migrateCommand =
            command(m_app, "migrate", "apply pending database migrations and exit", migrate);
        common(migrateCommand);
        database(migrateCommand);
        hosting(migrateCommand);
        events(migrateCommand);

        auto* staff = group(m_app, "staff", "staff accounts");
        auto* add = command(*staff, "add",
                            "create a staff account; the password is the first line of\n"
                            "stdin (the server running or not)",
                            staffAdd);
        add->add_option("--login", m_flags.login, "the staff member's login")
            ->type_name("NAME")
            ->required();
        common(add);
        database(add);
        events(add);

        auto* seed = command(m_app, "demo-seed",
                             "add a demo catalogue (if it is empty) and a `staff` login", demoSeed);
        common(seed);
        database(seed);
        events(seed);

        auto* backupCommand = command(
            m_app, "backup", "a consistent pg_dump of every service's data, in one file", backup);
        backupCommand->add_option("--out", m_flags.backupFile, "the backup file to write")
            ->type_name("FILE")
            ->required();
        common(backupCommand);
        database(backupCommand);

        auto* restoreCommand =
            command(m_app, "restore", "restore a backup into an empty data directory or databases",
                    restore);
        restoreCommand->add_option("FILE", m_flags.backupFile, "a file of `lotokd backup`")
            ->type_name("")
            ->required();
        common(restoreCommand);
        database(restoreCommand);

        auto* dbGroup = group(m_app, "db", "the embedded PostgreSQL cluster, by hand");
        for (const auto& [name, about, run] :
             std::vector<std::tuple<const char*, const char*, Runner>>{
                 {"start", "start it (initdb on first use); prints its connection string", dbStart},
                 {"stop", "stop it (fast shutdown)", dbStop},
                 {"url", "print its connection string", dbUrl}}) {
            auto* sub = command(*dbGroup, name, about, run);
            common(sub);
            dataDir(sub);
        }

        auto* eventsGroup =
            group(m_app, "events", "the events on their way: backlog, lag, dead letters");
        auto* statusCommand =
            command(*eventsGroup, "status", "backlog per outbox, lag and dead letters per consumer",
                    eventsStatus);
        statusCommand->add_flag("--json", m_flags.json, "one JSON object instead of the tables");
        common(statusCommand);
        database(statusCommand);
        events(statusCommand);
        auto* dead = command(*eventsGroup, "dead",
                             "list the events a consumer gave up on (dead letters)", eventsDead);
        common(dead);
        database(dead);
        events(dead);
        auto* retry = command(*eventsGroup, "retry", "send dead letter ID to its consumer again",
                              eventsRetry);
        retry
            ->add_option("ID", m_flags.retryId,
                         "from `lotokd events dead` (SCHEMA.NUMBER in-process,\n"
                         "a number on JetStream)")
            ->type_name("")
            ->required();
        common(retry);
        database(retry);
        events(retry);
        // Last: a subcommand takes its parent's footer when it is added.
        m_app.footer(kFooter);
        lastWins(m_app);
    }

    // An option given twice takes its last value, as with most Unix tools: a wrapper (a unit
    // file, a script, a test) passes defaults and its caller's flags after them. Repeatable
    // options (--database-url NAME=URL, --service-url) keep every value.
    static void lastWins(CLI::App& app) {
        for (auto* option : app.get_options({})) {
            if (option->get_items_expected_max() == 1) {
                option->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
            }
        }
        for (auto* sub : app.get_subcommands({})) {
            lastWins(*sub);
        }
    }

    // Parses; returns the exit status when the command line itself is the answer (help,
    // version, a usage error), or nothing when m_run should run.
    std::optional<int> parse(const std::vector<std::string>& args) {
        // CLI11 takes the arguments last first.
        std::vector<std::string> reversed(args.rbegin(), args.rend());
        try {
            if (!args.empty() && args[0] == "help") {
                throw CLI::CallForHelp();
            }
            if (!args.empty() && args[0] == "version") {
                throw CLI::CallForVersion(std::string("lotokd ") + LOTOK_VERSION, 0);
            }
            // A word where a group expects its command ("lotokd staff remove"): CLI11 would
            // only say that a command is required.
            const CLI::App* group = &m_app;
            std::string words;
            for (const auto& arg : args) {
                if (arg.rfind('-', 0) == 0 || group->get_subcommands({}).empty()) {
                    break;
                }
                words += (words.empty() ? "" : " ") + arg;
                const auto found = group->get_subcommands(
                    [&](const CLI::App* sub) { return sub->get_name() == arg; });
                if (found.empty()) {
                    return usageError(*group, "unknown command '" + words + "'");
                }
                group = found.front();
            }
            m_app.parse(reversed);
        } catch (const CLI::CallForHelp&) {
            std::cout << m_app.help();
            return 0;
        } catch (const CLI::CallForVersion& version) {
            std::cout << version.what() << "\n";
            return 0;
        } catch (const CLI::ParseError& error) {
            const CLI::App* at = &deepest(m_app);
            const auto message = describe(error, at);
            return usageError(*at, message);
        }
        return std::nullopt;
    }

    const Flags& flags() const { return m_flags; }
    const Runner& runner() const { return m_run; }

private:
    static constexpr const char* kFooter = R"(Usage:
  lotokd serve      [options]   run the services
  lotokd migrate    [options]   apply pending migrations and exit
  lotokd staff add --login NAME [options]    password on stdin
  lotokd demo-seed  [options]   demo catalogue and a `staff` login
  lotokd backup --out FILE [options]
  lotokd restore FILE [options]   into an empty data directory or databases
  lotokd db start|stop|url [options]
  lotokd events status [--json] [options]
  lotokd events dead [options]
  lotokd events retry ID [options]
  lotokd --version | --help

Every command takes --help. Staff accounts work whether the server runs or not:
  echo 'a-long-password' | lotokd staff add --login alice --data-dir /var/lib/lotok)";

    CLI::App* command(CLI::App& parent, const std::string& name, const std::string& about,
                      Runner run) {
        auto* sub = parent.add_subcommand(name, about);
        sub->callback([this, run = std::move(run)] { m_run = run; });
        return sub;
    }

    static bool isCommand(const CLI::App& app, const std::string& name) {
        const auto found =
            app.get_subcommands([&](const CLI::App* sub) { return sub->get_name() == name; });
        return !found.empty();
    }

    static CLI::App* group(CLI::App& parent, const std::string& name, const std::string& about) {
        auto* sub = parent.add_subcommand(name, about);
        sub->require_subcommand(1);
        return sub;
    }

    // A check whose only message is its own (CLI11 would print its name after the type).
    static CLI::Validator validator(std::function<std::string(std::string&)> check) {
        return CLI::Validator(std::move(check), "");
    }

    void common(CLI::App* sub) {
        sub->add_option("--config", m_flags.configFile,
                        "INI config file (default /etc/lotok/lotokd.conf\n"
                        "when present; also LOTOK_CONFIG)")
            ->type_name("FILE");
        sub->add_option("--log-level", m_flags.logLevel, "debug, info, warn or error")
            ->type_name("LEVEL")
            ->check(validator([](std::string& value) {
                log::Level level{};
                return log::parseLevel(value, level) ? std::string()
                                                     : "must be debug, info, warn or error";
            }));
        sub->add_option("--log-format", m_flags.logFormat,
                        "text (default) or json, one object a line\n"
                        "([log] format; also LOTOK_LOG_FORMAT)")
            ->type_name("FORMAT")
            ->check(validator([](std::string& value) {
                log::Format format{};
                return log::parseFormat(value, format) ? std::string() : "must be text or json";
            }));
    }

    void dataDir(CLI::App* sub) {
        sub->add_option("--data-dir", m_flags.dataDir,
                        "data directory; the embedded cluster lives in\n"
                        "DIR/postgresql (default $XDG_DATA_HOME/lotok,\n"
                        "/var/lib/lotok as root; also LOTOK_DATA_DIR)")
            ->type_name("DIR");
    }

    void database(CLI::App* sub) {
        dataDir(sub);
        sub->add_option("--database-url", m_flags.databaseUrls,
                        "URL: this PostgreSQL instead of the embedded one\n"
                        "(also LOTOK_DATABASE_URL); NAME=URL: service\n"
                        "NAME's own database ([database.NAME] url);\n"
                        "repeatable")
            ->type_name("[NAME=]URL")
            ->allow_extra_args(false);
    }

    void listeners(CLI::App* sub) {
        sub->add_option("--listen", m_flags.listen,
                        "public API (default 127.0.0.1:8080; port 0 picks\n"
                        "a free one)")
            ->type_name("HOST:PORT");
        sub->add_option("--internal-listen", m_flags.internalListen,
                        "internal API (default 127.0.0.1:8081)")
            ->type_name("HOST:PORT");
        sub->add_option("--tls-certificate", m_flags.tlsCertificate,
                        "PEM certificate (chain): the public API speaks\n"
                        "HTTPS only ([tls] certificate; also\n"
                        "LOTOK_TLS_CERTIFICATE); re-read on SIGHUP")
            ->type_name("FILE");
        sub->add_option("--tls-key", m_flags.tlsKey,
                        "its PEM private key ([tls] key; also\n"
                        "LOTOK_TLS_KEY)")
            ->type_name("FILE");
    }

    void hosting(CLI::App* sub) {
        sub->add_option("--services", m_flags.services,
                        "comma-separated services to host (default all):\n"
                        "auth,user,order,stock,billing,delivery,notification")
            ->type_name("LIST");
        sub->add_option("--service-url", m_flags.serviceUrls,
                        "where a service not hosted here listens (its\n"
                        "internal API); repeatable")
            ->type_name("NAME=URL")
            ->allow_extra_args(false)
            ->check(validator([](std::string& value) {
                return value.find('=') == std::string::npos ? "wants NAME=URL" : std::string();
            }));
    }

    void events(CLI::App* sub) {
        sub->add_option("--events-url", m_flags.eventsUrl,
                        "carry events on NATS JetStream (nats://HOST:PORT;\n"
                        "also LOTOK_EVENTS_URL, [events] url); default:\n"
                        "in-process")
            ->type_name("URL[,URL]");
    }

    // The command the parser was inside when it stopped: its usage is the one to show.
    static CLI::App& deepest(CLI::App& app) {
        CLI::App* at = &app;
        while (true) {
            const auto parsed = at->get_subcommands();
            if (parsed.empty()) {
                return *at;
            }
            at = parsed.front();
        }
    }

    // "lotokd events retry"
    static std::string pathOf(const CLI::App& app) {
        std::string path;
        for (const auto* at = &app; at; at = at->get_parent()) {
            path = at->get_name() + (path.empty() ? "" : " " + path);
        }
        return path;
    }

    // A command's own help with its whole path in the usage line (App::help would name only
    // the command itself, and hand over to a subcommand parsed after it).
    static std::string helpOf(const CLI::App& app) {
        return app.get_formatter()->make_help(&app, pathOf(app), CLI::AppFormatMode::Normal);
    }

    // Commands (by their path) that take `--name`: to tell an operator where a flag belongs.
    void owners(const CLI::App& app, const std::string& flag, std::vector<std::string>& out) const {
        for (const auto* sub : app.get_subcommands({})) {
            if (sub->get_subcommands({}).empty()) {
                for (const auto* option : sub->get_options()) {
                    for (const auto& name : option->get_lnames()) {
                        if ("--" + name == flag) {
                            out.push_back(pathOf(*sub).substr(pathOf(m_app).size() + 1));
                        }
                    }
                }
            }
            owners(*sub, flag, out);
        }
    }

    // The message for an error, and the command whose usage goes with it: for extras, the
    // command that was left with them (lotokd itself for `lotokd --listen X serve`).
    std::string describe(const CLI::ParseError& error, const CLI::App*& at) const {
        if (dynamic_cast<const CLI::ExtrasError*>(&error) == nullptr) {
            return error.what();
        }
        while (at->remaining_size() == 0 && at->get_parent()) {
            at = at->get_parent();
        }
        const auto extras = at->remaining();
        if (extras.empty()) {
            return error.what();
        }
        const auto& first = extras.front();
        if (first.rfind('-', 0) != 0) {
            return "unexpected argument '" + first + "' for '" + pathOf(*at) + "'";
        }
        const auto flag = first.substr(0, first.find('='));
        std::vector<std::string> elsewhere;
        owners(m_app, flag, elsewhere);
        if (elsewhere.empty()) {
            return "unknown option " + flag;
        }
        std::string list;
        for (const auto& path : elsewhere) {
            list += (list.empty() ? "" : ", ") + path;
        }
        return "'" + pathOf(*at) + "' takes no " + flag + " (it is an option of: " + list + ")";
    }

    static int usageError(const CLI::App& at, const std::string& message) {
        std::cerr << "lotokd: " << message << "\n\n" << helpOf(at);
        return 2;
    }

    CLI::App m_app;
    Flags m_flags;
    Runner m_run;
};

} // namespace

int runCli(const std::vector<std::string>& args) {
    try {
        util::initCrypto();
        CommandLine commandLine;
        if (const auto status = commandLine.parse(args)) {
            return *status;
        }
        const auto options = configure(commandLine.flags());
        host::ServiceHost::check(options.config, serviceCatalog());
        return commandLine.runner()(options);
    } catch (const http::ApiError& error) {
        std::cerr << "lotokd: " << error.what()
                  << (error.field() ? " (" + *error.field() + ")" : std::string()) << "\n";
        return 1;
    } catch (const std::exception& error) {
        std::cerr << "lotokd: " << error.what() << "\n";
        return 1;
    }
}

} // namespace lotok

#include "Cli.h"

#include "ServiceCatalog.h"
#include "config/Config.h"
#include "db/EmbeddedPostgres.h"
#include "events/InProcessBus.h"
#include "events/NatsBus.h"
#include "host/ServiceHost.h"
#include "http/ApiError.h"
#include "log/Log.h"
#include "util/Crypto.h"
#include "ws/SocketHub.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <signal.h>
#include <stdexcept>
#include <sys/resource.h>

namespace lotok {
namespace {

constexpr const char* kUsage = R"(lotokd — the Lotok shop server

Usage:
  lotokd serve      [options]   run the services (default: all seven)
  lotokd migrate    [options]   apply pending database migrations and exit
  lotokd staff add --login NAME [options]
                                create a staff account; the password is read from stdin
  lotokd demo-seed  [options]   add a demo catalogue (if empty) and a `staff` login
  lotokd db start|stop|url [options]
                                manage the embedded PostgreSQL cluster by hand
  lotokd events dead [options]  list the events a consumer gave up on
  lotokd events retry ID [options]
                                send dead letter ID to its consumer again
  lotokd --version | --help

Options:
  --config FILE            INI config file (default /etc/lotok/lotokd.conf when present;
                           also LOTOK_CONFIG)
  --data-dir DIR           data directory; the embedded cluster lives in DIR/postgresql
                           (default $XDG_DATA_HOME/lotok, /var/lib/lotok as root; LOTOK_DATA_DIR)
  --database-url URL       use this PostgreSQL instead of the embedded one
  --database-url NAME=URL  service NAME's own database (repeatable; [database.NAME] url)
                           (also LOTOK_DATABASE_URL)
  --listen HOST:PORT       public API (default 127.0.0.1:8080; port 0 picks a free one)
  --internal-listen HOST:PORT
                           internal API (default 127.0.0.1:8081)
  --services LIST          comma-separated services to host (default all):
                           auth,user,order,stock,billing,delivery,notification
  --service-url NAME=URL   where a service not hosted here listens (its internal API)
  --events-url URL[,URL]   carry events on NATS JetStream (nats://HOST:PORT; also
                           LOTOK_EVENTS_URL, [events] url); default: in-process
  --log-level LEVEL        debug, info, warn or error

Staff accounts work whether the server runs or not:
  echo 'a-long-password' | lotokd staff add --login alice --data-dir /var/lib/lotok
)";

struct Options {
    std::string command;
    std::vector<std::string> positional;
    std::optional<std::string> login;
    config::Config config;
};

Options parse(const std::vector<std::string>& args) {
    Options options;
    std::optional<std::string> configFile;
    if (const char* env = std::getenv("LOTOK_CONFIG"); env && *env) {
        configFile = env;
    }
    std::vector<std::pair<std::string, std::string>> flags;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto& arg = args[i];
        if (arg.rfind("--", 0) == 0 && arg != "--help" && arg != "--version") {
            auto eq = arg.find('=');
            std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
            std::string value;
            if (eq != std::string::npos) {
                value = arg.substr(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args[++i];
            } else {
                throw std::runtime_error("--" + name + " needs a value");
            }
            if (name == "config") {
                configFile = value;
            } else {
                flags.emplace_back(name, value);
            }
        } else if (options.command.empty()) {
            options.command = arg;
        } else {
            options.positional.push_back(arg);
        }
    }
    auto& config = options.config;
    if (!configFile && std::filesystem::exists("/etc/lotok/lotokd.conf")) {
        configFile = "/etc/lotok/lotokd.conf";
    }
    if (configFile) {
        config.loadFile(*configFile);
    }
    config.loadEnvironment();
    for (const auto& [name, value] : flags) {
        if (name == "data-dir") {
            config.dataDir = value;
        } else if (name == "database-url") {
            config.setDatabaseUrl(value);
        } else if (name == "listen") {
            config.listen = value;
        } else if (name == "internal-listen") {
            config.internalListen = value;
        } else if (name == "services") {
            config.services = config::parseServiceList(value);
        } else if (name == "service-url") {
            const auto eq = value.find('=');
            if (eq == std::string::npos) {
                throw std::runtime_error("--service-url wants NAME=URL");
            }
            config.serviceUrls[value.substr(0, eq)] = value.substr(eq + 1);
        } else if (name == "events-url") {
            config.eventsUrl = value;
        } else if (name == "log-level") {
            if (!log::parseLevel(value, config.logLevel)) {
                throw std::runtime_error("--log-level must be debug, info, warn or error");
            }
        } else if (name == "login") {
            options.login = value;
        } else {
            throw std::runtime_error("unknown option --" + name + " (see lotokd --help)");
        }
    }
    if (config.dataDir.empty()) {
        config.dataDir = config::defaultDataDir();
    }
    log::setLevel(config.logLevel);
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
    if (options.positional.empty() || options.positional[0] != "add" || !options.login) {
        throw std::runtime_error("usage: lotokd staff add --login NAME (password on stdin)");
    }
    const auto password = readPassword();
    CommandHost command(options.config, {"user", "auth"});
    const auto id = createUser(command.host(), staffProfile(*options.login, password));
    std::cout << "staff account '" << *options.login << "' created (user id " << id << ")\n";
    return 0;
}

int demoSeed(const Options& options) {
    CommandHost command(options.config, {"user", "auth", "stock"});
    auto& host = command.host();
    const auto existing = host.transport("stock").get("/api/v1/stock/positions", "limit=1");
    if (existing.json().at("positions").empty()) {
        const std::vector<std::tuple<const char*, std::int64_t, std::int64_t>> catalogue = {
            {"Assam tea, 250 g", 25000, 40},
            {"Darjeeling tea, 100 g", 42000, 15},
            {"Buckwheat honey, 500 g", 61000, 25},
            {"Rye bread", 9500, 60},
            {"Pelmeni, 1 kg", 54000, 30},
            {"Sour cream 20%, 300 g", 13900, 45},
            {"Samovar, electric, 3 l", 899000, 4},
            {"Gzhel tea cup", 149000, 12},
            {"Pryanik (Tula gingerbread)", 32000, 50},
            {"Birch sap, 1 l", 11000, 0},
        };
        for (const auto& [name, price, count] : catalogue) {
            http::HttpRequest request;
            request.method = "POST";
            request.path = "/api/v1/stock/positions";
            request.setHeader("content-type", "application/json");
            request.setHeader("x-user-id", "1");
            request.setHeader("x-user-role", "staff");
            request.body =
                nlohmann::json{{"name", name}, {"price", price}, {"count", count}}.dump();
            const auto created = host.transport("stock").send(request);
            if (created.status != 201) {
                throw std::runtime_error("could not seed the catalogue: " + created.body);
            }
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

int dbCommand(const Options& options) {
    const auto action = options.positional.empty() ? std::string() : options.positional[0];
    db::EmbeddedPostgres cluster(options.config.dataDir);
    if (action == "start") {
        std::cout << cluster.start() << "\n";
    } else if (action == "stop") {
        cluster.stop();
    } else if (action == "url") {
        std::cout << cluster.connectionString() << "\n";
    } else {
        throw std::runtime_error("usage: lotokd db start|stop|url [--data-dir DIR]");
    }
    return 0;
}

// Dead letters over JetStream live in the broker (LOTOK_DEAD, ids are its sequence numbers).
int natsDeadLetters(const config::Config& config, const std::vector<std::string>& args) {
    events::NatsBus::Options busOptions;
    busOptions.urls = config.eventsUrl;
    events::NatsBus bus(busOptions);
    if (args[0] == "dead") {
        const auto letters = bus.deadLetters();
        for (const auto& letter : letters) {
            std::cout << letter.sequence << "\t" << letter.consumer << "\t" << letter.event.type
                      << "\t" << letter.event.id << "\t" << letter.error << "\n";
        }
        std::cerr << letters.size() << " dead letter(s)\n";
        return 0;
    }
    std::uint64_t sequence = 0;
    const auto& text = args[1];
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
int storedDeadLetters(const config::Config& config, const std::vector<std::string>& args) {
    auto database = openDatabase(config);
    // Each service's schema, in its own database when it has one.
    std::map<std::string, std::unique_ptr<db::Pool>> pools;
    std::map<std::string, db::Pool*> schemaPools;
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
        if (!pool->exec("SELECT to_regclass($1)", {spec.schema + ".bus_deliveries"}).isNull(0, 0)) {
            schemaPools[spec.schema] = pool.get();
        }
    }
    if (args[0] == "dead") {
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
    const auto& text = args[1];
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

int eventsCommand(const Options& options) {
    const auto& args = options.positional;
    if (args.empty() || (args[0] != "dead" && args[0] != "retry") ||
        (args[0] == "dead" && args.size() != 1) || (args[0] == "retry" && args.size() != 2)) {
        throw std::runtime_error("usage: lotokd events dead | lotokd events retry ID");
    }
    return options.config.eventsUrl.empty() ? storedDeadLetters(options.config, args)
                                            : natsDeadLetters(options.config, args);
}

int serve(const Options& options) {
    const auto& config = options.config;
    // Signals are taken synchronously by sigwait below, never by a handler mid-request.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
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
    std::printf("lotokd: public http://%s:%u\n", http::parseHostPort(config.listen).first.c_str(),
                host.publicPort());
    std::printf("lotokd: internal http://%s:%u\n",
                http::parseHostPort(config.internalListen).first.c_str(), host.internalPort());
    std::printf("lotokd: ready\n");
    std::fflush(stdout);

    int received = 0;
    sigwait(&signals, &received);
    log::info("signal {}: shutting down", received);
    hub.shutdown(); // 1001 to every socket before the listeners go
    host.shutdown();
    if (database.embedded) {
        database.embedded->stop();
    }
    return 0;
}

} // namespace

int runCli(const std::vector<std::string>& args) {
    try {
        util::initCrypto();
        if (args.empty() || args[0] == "--help" || args[0] == "help" || args[0] == "-h") {
            std::cout << kUsage;
            return args.empty() ? 2 : 0;
        }
        if (args[0] == "--version" || args[0] == "version") {
            std::cout << "lotokd " << LOTOK_VERSION << "\n";
            return 0;
        }
        const auto options = parse(args);
        host::ServiceHost::check(options.config, serviceCatalog());
        if (options.command == "serve") {
            return serve(options);
        }
        if (options.command == "migrate") {
            return migrate(options);
        }
        if (options.command == "staff") {
            return staffAdd(options);
        }
        if (options.command == "demo-seed") {
            return demoSeed(options);
        }
        if (options.command == "db") {
            return dbCommand(options);
        }
        if (options.command == "events") {
            return eventsCommand(options);
        }
        std::cerr << "lotokd: unknown command '" << options.command << "'\n\n" << kUsage;
        return 2;
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

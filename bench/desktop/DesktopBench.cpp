// lotok-desktop-bench: the desktop app's figures at real volumes, measured in the real
// window (MainWindow, AppContext, the models and views that ship) on the offscreen platform.
//
//   lotok-desktop-bench --server URL --token TOKEN --user-id ID --role customer|staff
//                       --login NAME --home DIR
//
// customer: process start to the catalogue painted with every position the server has
//           (--expect N rows), then the resident set size.
// staff:    every staff list loaded (stock, the three delivery tabs, the board's first page,
//           the sales page over the period), then each key typed into the stock, deliveries
//           and board searches, timed from the key press to the view repainted; then RSS.
//
// The session is handed over as a kept session is at start (the keychain's part, a D-Bus
// round trip, is left out: there is no keychain on a benchmark machine). Prints one JSON
// object on stdout. Not a test: it never fails on a figure, only when something never loads.
#include "api/ApiClient.h"
#include "core/AppContext.h"
#include "models/DeliveriesModel.h"
#include "models/OrdersModel.h"
#include "models/PositionsModel.h"
#include "screens/MainWindow.h"
#include "screens/customer/OrdersPage.h"
#include "screens/staff/DeliveriesPage.h"
#include "screens/staff/StatsPage.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QThread>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <unistd.h>

namespace {

// Milliseconds since this process was started (exec), from /proc: what a user waits for
// includes loading the libraries, before main() runs.
double msSinceProcessStart() {
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QByteArray line = stat.readAll();
    // Field 22 (starttime, clock ticks since boot), counted after the ")" ending field 2.
    const auto fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    const double ticks = fields.value(19).toDouble();
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    const double nowMs = double(now.tv_sec) * 1000.0 + double(now.tv_nsec) / 1e6;
    return nowMs - ticks * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

qint64 statusKiB(const char* key) {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const auto& line : status.readAll().split('\n')) {
        if (line.startsWith(key)) {
            return line.mid(qstrlen(key)).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return -1;
}

bool waitUntil(const std::function<bool()>& done, int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs) {
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QThread::usleep(200);
    }
    return true;
}

// Counts paints of a view's viewport, so "painted" means a paint that happened, not one
// scheduled.
class PaintWatch : public QObject {
public:
    explicit PaintWatch(QWidget* widget) : QObject(widget) { widget->installEventFilter(this); }
    int paints = 0;

protected:
    bool eventFilter(QObject*, QEvent* event) override {
        if (event->type() == QEvent::Paint) {
            ++paints;
        }
        return false;
    }
};

// Each key typed into `edit` (then each erased), timed from the key press to the view
// repainted with the filtered rows; milliseconds per key.
QJsonObject typeAndTime(QLineEdit* edit, QTableView* view, const QString& text) {
    edit->clear();
    QCoreApplication::processEvents();
    QList<double> times;
    const auto timeKey = [&](Qt::Key key, QChar ch) {
        QElapsedTimer timer;
        timer.start();
        if (ch.isNull()) {
            QTest::keyClick(edit, key);
        } else {
            QTest::keyClick(edit, ch.toLatin1());
        }
        view->viewport()->repaint();
        times.append(double(timer.nsecsElapsed()) / 1e6);
        // Between keys the app is idle, as between a typist's keys (timers may fire).
        QTest::qWait(30);
    };
    for (const QChar ch : text) {
        timeKey(Qt::Key_unknown, ch);
    }
    const int shown = view->model()->rowCount();
    for (int i = 0; i < text.size(); ++i) {
        timeKey(Qt::Key_Backspace, QChar());
    }
    auto sorted = times;
    std::sort(sorted.begin(), sorted.end());
    return {{QStringLiteral("keys"), int(times.size())},
            {QStringLiteral("max_ms"), sorted.last()},
            {QStringLiteral("median_ms"), sorted.at(sorted.size() / 2)},
            {QStringLiteral("rows_after_typing"), shown},
            {QStringLiteral("rows_after_erasing"), view->model()->rowCount()}};
}

template <typename T> T* child(QWidget* root, const QString& name) {
    auto* found = root->findChild<T*>(name);
    if (!found) {
        std::fprintf(stderr, "lotok-desktop-bench: no %s\n", qPrintable(name));
        std::exit(2);
    }
    return found;
}

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "lotok-desktop-bench: %s\n", what);
    std::exit(1);
}

} // namespace

int main(int argc, char** argv) {
    const double startedMs = msSinceProcessStart();
    QElapsedTimer sinceMain;
    sinceMain.start();
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("lotok-bench"));
    QCoreApplication::setApplicationName(QStringLiteral("lotok-desktop-bench"));
    QCommandLineParser parser;
    for (const char* name :
         {"server", "token", "user-id", "role", "login", "home", "expect", "search"}) {
        parser.addOption(
            {QString::fromLatin1(name), QString::fromLatin1(name), QStringLiteral("value")});
    }
    parser.process(app);
    const QString home = parser.value(QStringLiteral("home"));
    QDir().mkpath(home);
    // Settings in the benchmark's own directory, never the user's.
    qputenv("XDG_CONFIG_HOME", QDir(home).filePath(QStringLiteral("config")).toUtf8());

    AppContext::Options options;
    options.serverUrl = parser.value(QStringLiteral("server"));
    options.cachePath = QDir(home).filePath(QStringLiteral("cache.sqlite"));
    options.keychainService = QStringLiteral("lotok-desktop-bench");
    AppContext context(options);
    MainWindow window(&context);
    window.setTrayAvailable(false);
    window.resize(1100, 700);
    window.show();

    Session session;
    session.token = parser.value(QStringLiteral("token"));
    session.userId = parser.value(QStringLiteral("user-id")).toLongLong();
    session.role = parser.value(QStringLiteral("role"));
    session.login = parser.value(QStringLiteral("login"));
    const bool staff = session.isStaff();
    context.beginSession(session, false);
    const int expect = parser.value(QStringLiteral("expect")).toInt();

    QJsonObject out;
    out[QStringLiteral("role")] = session.role;
    out[QStringLiteral("exec_to_main_ms")] = startedMs;
    if (!staff) {
        auto* table = child<QTableView>(&window, QStringLiteral("positionsTable"));
        auto* watch = new PaintWatch(table->viewport());
        int paintsBefore = -1;
        double firstPaintMs = -1;
        const bool loaded = waitUntil(
            [&] {
                if (firstPaintMs < 0 && watch->paints > 0 && table->model()->rowCount() > 0) {
                    firstPaintMs = startedMs + double(sinceMain.nsecsElapsed()) / 1e6;
                }
                if (table->model()->rowCount() >= expect && paintsBefore < 0) {
                    paintsBefore = watch->paints;
                }
                return paintsBefore >= 0 && watch->paints > paintsBefore;
            },
            60000);
        if (!loaded) {
            fail("the catalogue never showed every position");
        }
        out[QStringLiteral("start_to_painted_catalogue_ms")] =
            startedMs + double(sinceMain.nsecsElapsed()) / 1e6;
        out[QStringLiteral("first_rows_painted_ms")] = firstPaintMs;
        out[QStringLiteral("catalogue_rows")] = table->model()->rowCount();
        // Settle (the streams connect, the caches are written), then the memory it keeps.
        QTest::qWait(1500);
    } else {
        auto* deliveries = child<DeliveriesPage>(&window, QStringLiteral("deliveriesPage"));
        auto* board = child<OrdersPage>(&window, QStringLiteral("staffOrdersPage"));
        QElapsedTimer loading;
        loading.start();
        const auto deliveryRows = [&] {
            int rows = 0;
            for (const char* name : {"awaiting_shipmentTable", "sentTable", "receivedTable"}) {
                rows += child<QTableView>(&window, QString::fromLatin1(name))->model()->rowCount();
            }
            return rows;
        };
        if (!waitUntil(
                [&] {
                    return context.positions()->rowCount() >= expect &&
                           deliveryRows() >= expect / 2 && board->model()->rowCount() > 0 &&
                           !board->model()->isLoading();
                },
                120000)) {
            fail("the staff lists never loaded");
        }
        out[QStringLiteral("staff_lists_loaded_ms")] = double(loading.nsecsElapsed()) / 1e6;
        out[QStringLiteral("stock_rows")] = context.positions()->rowCount();
        out[QStringLiteral("delivery_rows")] = deliveryRows();

        const QString search = parser.value(QStringLiteral("search"));
        window.showPage(QStringLiteral("stockPage"));
        QTest::qWait(200);
        out[QStringLiteral("search_stock")] =
            typeAndTime(child<QLineEdit>(&window, QStringLiteral("stockSearch")),
                        child<QTableView>(&window, QStringLiteral("stockTable")), search);
        window.showPage(QStringLiteral("deliveriesPage"));
        QTest::qWait(200);
        out[QStringLiteral("search_deliveries")] = typeAndTime(
            child<QLineEdit>(&window, QStringLiteral("deliveriesSearch")),
            qobject_cast<QTableView*>(deliveries->tabs()->currentWidget()), QStringLiteral("#12"));
        window.showPage(QStringLiteral("staffOrdersPage"));
        QTest::qWait(200);
        out[QStringLiteral("search_orders")] = typeAndTime(
            child<QLineEdit>(&window, QStringLiteral("ordersSearch")),
            child<QTableView>(&window, QStringLiteral("ordersTable")), QStringLiteral("bench"));

        // The sales page counts every order of the period (10,000 here).
        QElapsedTimer stats;
        stats.start();
        window.showPage(QStringLiteral("statsPage"));
        auto* page = child<StatsPage>(&window, QStringLiteral("statsPage"));
        if (!waitUntil([&] { return page->isLoaded(); }, 120000)) {
            fail("the sales page never loaded");
        }
        out[QStringLiteral("stats_loaded_ms")] = double(stats.nsecsElapsed()) / 1e6;
        out[QStringLiteral("stats_orders")] = page->stats().orders();
        QTest::qWait(1500);
    }
    out[QStringLiteral("rss_kib")] = statusKiB("VmRSS:");
    out[QStringLiteral("peak_rss_kib")] = statusKiB("VmHWM:");
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
    context.endSession(false);
    return 0;
}

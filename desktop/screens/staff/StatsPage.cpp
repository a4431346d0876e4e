#include "screens/staff/StatsPage.h"

#include "api/CursorLoader.h"
#include "core/AppContext.h"
#include "core/Format.h"
#include "screens/widgets/Banner.h"
#include "screens/widgets/TableSetup.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QGraphicsLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <functional>

namespace {

constexpr int kTopPositions = 10;

QChartView* makeChartView(const QString& name, const QString& accessibleName, QWidget* parent) {
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    auto* view = new QChartView(chart, parent);
    view->setObjectName(name);
    view->setAccessibleName(accessibleName);
    view->setRenderHint(QPainter::Antialiasing);
    // Charts give way in a narrow window: what they need is far less than their hint.
    const int line = view->fontMetrics().height();
    view->setMinimumSize(line * 14, line * 11);
    view->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    return view;
}

// Bars for the orders (left axis) and a line for the revenue (right axis, in roubles: the
// chart's axis only; every figure in words is exact, from minor units).
void fillChart(QChartView* view, const QString& title, const QStringList& categories,
               const QList<DayStats::Bucket>& buckets, const QString& axisTitle,
               const std::function<QString(int)>& tooltip, const std::function<void(int)>& clicked,
               bool upright) {
    auto* chart = view->chart();
    chart->removeAllSeries();
    for (auto* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
    chart->setTitle(title);

    auto* orders = new QBarSet(StatsPage::tr("Orders"));
    auto* revenue = new QLineSeries;
    revenue->setName(StatsPage::tr("Revenue, ₽"));
    int maxOrders = 0;
    qint64 maxRevenue = 0;
    for (int i = 0; i < buckets.size(); ++i) {
        orders->append(buckets.at(i).orders);
        revenue->append(i, double(buckets.at(i).revenue) / 100.0);
        maxOrders = std::max(maxOrders, buckets.at(i).orders);
        maxRevenue = std::max(maxRevenue, buckets.at(i).revenue);
    }
    auto* bars = new QBarSeries;
    bars->append(orders);
    bars->setBarWidth(0.7);
    chart->addSeries(bars);
    chart->addSeries(revenue);

    QFont small = view->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    auto* x = new QBarCategoryAxis;
    x->append(categories);
    x->setTitleText(axisTitle);
    x->setLabelsFont(small);
    x->setTitleFont(small);
    if (upright) {
        // 24 hours do not fit side by side in a narrow chart: upright, they do.
        x->setLabelsAngle(-90);
    }
    auto* left = new QValueAxis;
    left->setRange(0, std::max(1, maxOrders) * 1.1);
    left->setLabelFormat(QStringLiteral("%d"));
    left->setLabelsFont(small);
    left->applyNiceNumbers();
    auto* right = new QValueAxis;
    right->setRange(0, std::max<double>(1, double(maxRevenue) / 100.0) * 1.1);
    right->setLabelFormat(QStringLiteral("%.0f"));
    right->setLabelsFont(small);
    right->applyNiceNumbers();
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(left, Qt::AlignLeft);
    chart->addAxis(right, Qt::AlignRight);
    bars->attachAxis(x);
    bars->attachAxis(left);
    revenue->attachAxis(x);
    revenue->attachAxis(right);

    QObject::connect(orders, &QBarSet::hovered, view, [tooltip](bool on, int index) {
        if (on) {
            QToolTip::showText(QCursor::pos(), tooltip(index));
        } else {
            QToolTip::hideText();
        }
    });
    if (clicked) {
        QObject::connect(orders, &QBarSet::clicked, view, clicked);
    }
}

} // namespace

StatsPage::StatsPage(AppContext* context, QWidget* parent)
    : QWidget(parent), m_context(context), m_banner(new Banner(this)),
      m_period(new QComboBox(this)), m_summary(new QLabel(this)),
      m_refreshButton(
          new QPushButton(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("Re&fresh"), this)),
      m_dailyChart(
          makeChartView(QStringLiteral("dailyChart"), tr("Orders and revenue per day"), this)),
      m_hourlyChart(
          makeChartView(QStringLiteral("hourlyChart"), tr("Orders and revenue per hour"), this)),
      m_top(new QTableWidget(this)), m_grid(new QGridLayout),
      m_loader(new CursorLoader(context->api(),
                                {QStringLiteral("/api/v1/staff/orders"), QStringLiteral("orders"),
                                 QStringLiteral("before"), QStringLiteral("next_before"), 100},
                                this)),
      m_day(QDate::currentDate()) {
    setObjectName(QStringLiteral("statsPage"));
    m_banner->setObjectName(QStringLiteral("statsBanner"));
    m_period->setObjectName(QStringLiteral("statsPeriod"));
    m_period->setAccessibleName(tr("Period"));
    for (const int days : {7, 14, 30}) {
        m_period->addItem(tr("Last %n day(s)", nullptr, days), days);
    }
    m_period->setCurrentIndex(1);
    auto* periodLabel = new QLabel(tr("&Period:"), this);
    periodLabel->setBuddy(m_period);
    m_summary->setObjectName(QStringLiteral("statsSummary"));
    m_summary->setWordWrap(true);
    m_summary->setMinimumWidth(m_summary->fontMetrics().averageCharWidth() * 16);
    m_refreshButton->setObjectName(QStringLiteral("refreshStatsButton"));

    m_top->setObjectName(QStringLiteral("topPositionsTable"));
    m_top->setAccessibleName(tr("Top positions"));
    m_top->setColumnCount(3);
    m_top->setHorizontalHeaderLabels({tr("Position"), tr("Pieces"), tr("Revenue")});
    m_top->setEditTriggers(QAbstractItemView::NoEditTriggers);
    setupTable(m_top, 0);
    m_top->setTextElideMode(Qt::ElideRight);
    m_top->setMinimumHeight(m_top->fontMetrics().height() * 6);

    auto* controls = new QHBoxLayout;
    controls->addWidget(periodLabel);
    controls->addWidget(m_period);
    controls->addWidget(m_summary, 1);
    controls->addWidget(m_refreshButton);

    auto* topTitle = new QLabel(tr("Top positions in the period"), this);
    topTitle->setObjectName(QStringLiteral("topPositionsTitle"));
    auto* topBox = new QVBoxLayout;
    topBox->setContentsMargins(0, 0, 0, 0);
    topBox->addWidget(topTitle);
    topBox->addWidget(m_top, 1);
    m_topWidget = new QWidget(this);
    m_topWidget->setObjectName(QStringLiteral("topPositions"));
    m_topWidget->setLayout(topBox);

    m_grid->setRowStretch(0, 1);
    m_grid->setRowStretch(1, 1);
    setCompact(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addLayout(controls);
    layout->addLayout(m_grid, 1);

    QUrlQuery query;
    query.addQueryItem(QStringLiteral("status"), QStringLiteral("confirmed"));
    m_loader->setQuery(query);
    m_loader->setFollowToEnd(true);
    connect(m_loader, &CursorLoader::pageLoaded, this, [this](const QJsonArray& rows, bool) {
        for (const auto& value : rows) {
            m_loadingStats.add(Order::fromJson(value.toObject()));
        }
        m_loadedOrders += int(rows.size());
        updateSummary();
    });
    connect(m_loader, &CursorLoader::finished, this, [this] {
        m_stats = m_loadingStats;
        m_loadingStats = DayStats();
        m_loading = false;
        m_loaded = true;
        m_banner->clear();
        showStats();
    });
    connect(m_loader, &CursorLoader::failed, this, [this](const ApiError& error) {
        m_loading = false;
        m_banner->showMessage(Banner::Kind::Error, Format::errorMessage(error.code, error.message));
        updateSummary();
    });
    connect(m_refreshButton, &QPushButton::clicked, this, &StatsPage::reload);
    connect(m_period, &QComboBox::currentIndexChanged, this, &StatsPage::reload);
    connect(context, &AppContext::staffResyncNeeded, this, [this] {
        if (m_loaded) {
            reload();
        }
    });
    showStats();
}

void StatsPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    // Loaded when first looked at: a day's orders are many pages, and most sessions never
    // open this page.
    if (!m_loaded && !m_loading) {
        reload();
    }
}

void StatsPage::reload() {
    const int days = m_period->currentData().toInt();
    const QDate last = QDate::currentDate();
    const QDate first = last.addDays(1 - days);
    m_loadingStats = DayStats(first, last);
    m_loadedOrders = 0;
    if (m_day < first || m_day > last) {
        m_day = last;
    }
    // The user's days, as the UTC instants they begin and end at.
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("status"), QStringLiteral("confirmed"));
    query.addQueryItem(QStringLiteral("from"), first.startOfDay().toUTC().toString(Qt::ISODate));
    query.addQueryItem(QStringLiteral("to"),
                       last.addDays(1).startOfDay().toUTC().toString(Qt::ISODate));
    m_loader->setQuery(query);
    m_loading = true;
    m_loader->reload();
    updateSummary();
}

void StatsPage::setCompact(bool compact) {
    // Told by the window (like the Stock page). The charts one above the other, each as wide
    // as the page (24 hours need the width), the best sellers below.
    for (QWidget* widget :
         {static_cast<QWidget*>(m_dailyChart), static_cast<QWidget*>(m_hourlyChart), m_topWidget}) {
        m_grid->removeWidget(widget);
    }
    m_grid->addWidget(m_dailyChart, 0, 0);
    m_grid->addWidget(m_hourlyChart, 1, 0);
    m_grid->addWidget(m_topWidget, 2, 0);
    m_grid->setRowStretch(2, 1);
    if (compact != m_compact) {
        // Upright hour labels in a narrow chart.
        m_compact = compact;
        showDaily();
        showHourly();
    }
    // As on the Stock page: the page's layout recomputes its minimum only when told.
    if (layout()) {
        layout()->invalidate();
    }
    updateGeometry();
}

void StatsPage::selectDay(QDate day) {
    if (m_stats.dayIndex(day) < 0) {
        return;
    }
    m_day = day;
    showHourly();
}

void StatsPage::showStats() {
    showDaily();
    showHourly();
    showTop();
    updateSummary();
}

void StatsPage::showDaily() {
    QStringList categories;
    QList<DayStats::Bucket> buckets;
    for (int i = 0; i < m_stats.dayCount(); ++i) {
        categories.append(QString::number(m_stats.firstDay().addDays(i).day()));
        buckets.append(m_stats.day(i));
    }
    const QLocale locale;
    const QString range =
        m_stats.dayCount() > 0
            ? tr("%1 – %2").arg(locale.toString(m_stats.firstDay(), QLocale::ShortFormat),
                                locale.toString(m_stats.lastDay(), QLocale::ShortFormat))
            : QString();
    fillChart(
        m_dailyChart, tr("Per day"), categories, buckets, range,
        [this](int index) {
            const auto bucket = m_stats.day(index);
            return tr("%1: %n order(s), %2", nullptr, bucket.orders)
                .arg(QLocale().toString(m_stats.firstDay().addDays(index), QLocale::ShortFormat),
                     Format::money(bucket.revenue));
        },
        [this](int index) { selectDay(m_stats.firstDay().addDays(index)); },
        m_compact && m_stats.dayCount() > 16);
}

void StatsPage::showHourly() {
    QStringList categories;
    QList<DayStats::Bucket> buckets;
    const int day = m_stats.dayIndex(m_day);
    for (int hour = 0; hour < 24; ++hour) {
        categories.append(QString::number(hour));
        buckets.append(m_stats.hour(day, hour));
    }
    const QString title =
        m_day == QDate::currentDate()
            ? tr("Per hour, today")
            : tr("Per hour, %1").arg(QLocale().toString(m_day, QLocale::ShortFormat));
    fillChart(
        m_hourlyChart, title, categories, buckets, tr("Hour"),
        [this, day](int hour) {
            const auto bucket = m_stats.hour(day, hour);
            return tr("%1:00–%2:00: %n order(s), %3", nullptr, bucket.orders)
                .arg(hour)
                .arg(hour + 1)
                .arg(Format::money(bucket.revenue));
        },
        {}, m_compact);
}

void StatsPage::showTop() {
    const auto top = m_stats.top(kTopPositions);
    m_top->setRowCount(int(top.size()));
    for (int row = 0; row < top.size(); ++row) {
        const auto& position = top.at(row);
        auto* name = new QTableWidgetItem(position.name);
        name->setToolTip(position.name);
        auto* pieces = new QTableWidgetItem(QLocale().toString(position.pieces));
        pieces->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        auto* revenue = new QTableWidgetItem(Format::money(position.revenue));
        revenue->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_top->setItem(row, 0, name);
        m_top->setItem(row, 1, pieces);
        m_top->setItem(row, 2, revenue);
    }
}

void StatsPage::updateSummary() {
    if (m_loading) {
        m_summary->setText(m_loadedOrders > 0
                               ? tr("Loading… %n order(s) so far", nullptr, m_loadedOrders)
                               : tr("Loading…"));
        return;
    }
    if (!m_loaded) {
        m_summary->clear();
        return;
    }
    const int orders = m_stats.orders();
    const qint64 average = orders > 0 ? m_stats.revenue() / orders : 0;
    m_summary->setText(tr("%n order(s), %1; %2 on average", nullptr, orders)
                           .arg(Format::money(m_stats.revenue()), Format::money(average)));
}

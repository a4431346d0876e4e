#pragma once

#include "models/DayStats.h"

#include <QWidget>

class AppContext;
class Banner;
class CursorLoader;
class QChartView;
class QComboBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QTableWidget;

// "A picture of the day" for staff: confirmed orders and revenue per day over a period (7,
// 14 or 30 days up to today) and per hour of one day (today, or the day whose bar was
// clicked), with the positions that sold best. Counted in the app from the staff board's
// orders (GET /api/v1/staff/orders, status=confirmed, from/to the period), every page,
// loaded when the page is first shown and again on Refresh or a change of period.
class StatsPage : public QWidget {
    Q_OBJECT

public:
    explicit StatsPage(AppContext* context, QWidget* parent = nullptr);

    const DayStats& stats() const { return m_stats; }
    bool isLoading() const { return m_loading; }
    // Whether a load has completed (what is shown is the server's).
    bool isLoaded() const { return m_loaded; }
    QDate selectedDay() const { return m_day; }
    // The day the per-hour chart shows.
    void selectDay(QDate day);
    QChartView* dailyChart() const { return m_dailyChart; }
    QChartView* hourlyChart() const { return m_hourlyChart; }
    QTableWidget* topTable() const { return m_top; }

public slots:
    void reload();
    void setCompact(bool compact);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void showStats();
    void showDaily();
    void showHourly();
    void showTop();
    void updateSummary();

    AppContext* m_context;
    Banner* m_banner;
    QComboBox* m_period;
    QLabel* m_summary;
    QPushButton* m_refreshButton;
    QChartView* m_dailyChart;
    QChartView* m_hourlyChart;
    QTableWidget* m_top;
    QWidget* m_topWidget = nullptr;
    QGridLayout* m_grid;
    CursorLoader* m_loader;
    DayStats m_stats;
    DayStats m_loadingStats;
    QDate m_day;
    bool m_loading = false;
    bool m_loaded = false;
    bool m_compact = false;
    int m_loadedOrders = 0;
};

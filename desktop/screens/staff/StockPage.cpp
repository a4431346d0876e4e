#include "screens/staff/StockPage.h"

#include "api/ApiClient.h"
#include "core/AppContext.h"
#include "core/CsvExport.h"
#include "core/Format.h"
#include "lotok/Limits.h"
#include "lotok/Validation.h"
#include "models/ModelRoles.h"
#include "models/PositionsModel.h"
#include "screens/staff/PositionEditorDialog.h"
#include "screens/widgets/Banner.h"
#include "screens/widgets/FormField.h"
#include "screens/widgets/TableSetup.h"

#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

StockPage::StockPage(AppContext* context, QWidget* parent)
    : QWidget(parent), m_context(context), m_banner(new Banner(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_view(new QTableView(this)), m_name(nullptr),
      m_price(nullptr), m_initialCount(new QSpinBox(this)),
      m_addButton(
          new QPushButton(QIcon(QStringLiteral(":/icons/add.svg")), tr("&Add position"), this)),
      m_adjustCount(new QSpinBox(this)),
      m_receiveButton(
          new QPushButton(QIcon(QStringLiteral(":/icons/add.svg")), tr("&Receive"), this)),
      m_writeOffButton(
          new QPushButton(QIcon(QStringLiteral(":/icons/remove.svg")), tr("&Write off"), this)),
      m_setCountButton(new QPushButton(tr("Set &count"), this)),
      m_archiveButton(new QPushButton(tr("Arc&hive"), this)),
      m_detailsButton(
          new QPushButton(QIcon(QStringLiteral(":/icons/picture.svg")), tr("&Details…"), this)),
      m_search(new QLineEdit(this)), m_count(new QLabel(this)) {
    setObjectName(QStringLiteral("stockPage"));
    m_banner->setObjectName(QStringLiteral("stockBanner"));
    m_proxy->setSourceModel(context->positions());
    m_proxy->setFilterKeyColumn(PositionsModel::NameColumn);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_search->setObjectName(QStringLiteral("stockSearch"));
    m_search->setPlaceholderText(tr("Search positions"));
    m_search->setAccessibleName(tr("Search positions"));
    m_search->setClearButtonEnabled(true);
    m_count->setObjectName(QStringLiteral("stockCount"));
    // "510 positions · 3 low on stock · 2 archived" wraps rather than widen a narrow window.
    m_count->setWordWrap(true);
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_count->setMinimumWidth(m_count->fontMetrics().averageCharWidth() * 14);
    connect(m_search, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    m_proxy->setSortRole(ModelRoles::SortRole);
    m_view->setObjectName(QStringLiteral("stockTable"));
    m_view->setAccessibleName(tr("Stock"));
    m_view->setModel(m_proxy);
    enableSorting(m_view, PositionsModel::NameColumn, Qt::AscendingOrder);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::SelectedClicked);
    setupTable(m_view, PositionsModel::NameColumn);
    auto* editHint = new QLabel(tr("Double-click a name or a price to change it."), this);
    // Long in Russian: it wraps, and a narrow window must not grow for it.
    editHint->setWordWrap(true);
    editHint->setMinimumWidth(editHint->fontMetrics().averageCharWidth() * 20);

    m_name = new FormField(
        QStringLiteral("newPositionName"), new QLineEdit(this),
        [](const QString& v) { return lotok::validation::positionName(v.toStdString()); }, this);
    m_name->edit()->setMaxLength(int(lotok::limits::kPositionNameMax));
    m_price = FormField::money(QStringLiteral("newPositionPrice"), &lotok::validation::price, this);
    m_initialCount->setObjectName(QStringLiteral("newPositionCount"));
    m_initialCount->setAccessibleName(tr("Initial count"));
    m_initialCount->setRange(0, int(lotok::limits::kMaxCount));
    m_addButton->setObjectName(QStringLiteral("addPositionButton"));

    auto* addBox = new QGroupBox(tr("New position"), this);
    auto* addForm = new QFormLayout(addBox);
    m_name->addTo(addForm, tr("&Name:"));
    m_price->addTo(addForm, tr("&Price:"));
    auto* countLabel = new QLabel(tr("&Count:"), addBox);
    countLabel->setBuddy(m_initialCount);
    addForm->addRow(countLabel, m_initialCount);
    addForm->addRow(QString(), m_addButton);

    m_adjustCount->setObjectName(QStringLiteral("adjustCountSpin"));
    m_adjustCount->setAccessibleName(tr("Count to receive or write off"));
    // 0 is a valid stock-take ("none left"); receive and write off need at least 1.
    m_adjustCount->setRange(0, int(lotok::limits::kMaxCount));
    m_adjustCount->setValue(1);
    m_setCountButton->setObjectName(QStringLiteral("setCountButton"));
    m_setCountButton->setToolTip(tr("Stock-take: the available count becomes this number."));
    m_archiveButton->setObjectName(QStringLiteral("archiveButton"));
    m_receiveButton->setObjectName(QStringLiteral("receiveButton"));
    m_writeOffButton->setObjectName(QStringLiteral("writeOffButton"));
    auto* adjustBox = new QGroupBox(tr("Selected position"), this);
    // Two rows, so the box fits a narrow window: the count and a stock-take, then the moves.
    auto* adjustLayout = new QGridLayout(adjustBox);
    auto* adjustLabel = new QLabel(tr("C&ount:"), adjustBox);
    adjustLabel->setBuddy(m_adjustCount);
    adjustLayout->addWidget(adjustLabel, 0, 0);
    adjustLayout->addWidget(m_adjustCount, 0, 1);
    adjustLayout->addWidget(m_setCountButton, 0, 2);
    adjustLayout->addWidget(m_receiveButton, 1, 0, 1, 2);
    adjustLayout->addWidget(m_writeOffButton, 1, 2);
    adjustLayout->addWidget(m_archiveButton, 1, 3);
    // Description, category and picture: what customers see on the product's page (a row
    // of its own: beside the others it made the box too wide for 683 px in Russian).
    m_detailsButton->setObjectName(QStringLiteral("positionDetailsButton"));
    adjustLayout->addWidget(m_detailsButton, 2, 0, 1, 2);
    adjustLayout->setColumnStretch(4, 1);

    // Side by side when there is room, stacked in a narrow window.
    auto* bottom = new QBoxLayout(QBoxLayout::LeftToRight);
    m_bottom = bottom;
    bottom->addWidget(addBox, 1);
    bottom->addWidget(adjustBox, 1, Qt::AlignTop);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_search);
    layout->addWidget(m_view, 1);
    auto* hints = new QHBoxLayout;
    hints->addWidget(editHint, 1);
    hints->addWidget(m_count);
    auto* exportButton = new QPushButton(tr("E&xport CSV…"), this);
    exportButton->setObjectName(QStringLiteral("exportStockButton"));
    connect(exportButton, &QPushButton::clicked, this,
            [this] { CsvExport::save(this, m_proxy, tr("stock.csv")); });
    hints->addWidget(exportButton);
    layout->addLayout(hints);
    layout->addLayout(bottom);

    context->positions()->setEditable(true);
    connect(context->positions(), &PositionsModel::editRequested, this,
            [this](qint64 id, const QString& name, qint64 price) {
                if (auto problem = lotok::validation::positionName(name.toStdString())) {
                    m_banner->showMessage(Banner::Kind::Error, Format::validationProblem(*problem));
                    return;
                }
                if (auto problem = lotok::validation::price(price)) {
                    m_banner->showMessage(Banner::Kind::Error, Format::validationProblem(*problem));
                    return;
                }
                sendUpdate(
                    id,
                    QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("price"), price}},
                    tr("“%1” is saved.").arg(name));
            });
    connect(m_addButton, &QPushButton::clicked, this, &StockPage::addPosition);
    // Enter in any field of the new-position form adds it; Tab goes name, price, count, Add.
    connect(m_name->edit(), &QLineEdit::returnPressed, this, &StockPage::addPosition);
    connect(m_price->edit(), &QLineEdit::returnPressed, this, &StockPage::addPosition);
    connect(m_initialCount, &QAbstractSpinBox::editingFinished, this, [this] {
        if (m_initialCount->hasFocus() && !m_name->text().isEmpty()) {
            addPosition();
        }
    });
    setTabOrder(m_name->edit(), m_price->edit());
    setTabOrder(m_price->edit(), m_initialCount);
    setTabOrder(m_initialCount, m_addButton);
    connect(m_setCountButton, &QPushButton::clicked, this, &StockPage::setCount);
    connect(m_archiveButton, &QPushButton::clicked, this, &StockPage::toggleArchived);
    connect(m_detailsButton, &QPushButton::clicked, this, &StockPage::editDetails);
    connect(m_adjustCount, &QSpinBox::valueChanged, this, &StockPage::updateState);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &StockPage::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &StockPage::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &StockPage::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &StockPage::updateCount);
    connect(context->positions(), &QAbstractItemModel::dataChanged, this, &StockPage::updateCount);
    connect(context->positions(), &QAbstractItemModel::dataChanged, this, &StockPage::updateState);
    updateCount();
    connect(m_receiveButton, &QPushButton::clicked, this, [this] { adjust(+1); });
    connect(m_writeOffButton, &QPushButton::clicked, this, [this] { adjust(-1); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &StockPage::updateState);
    connect(context, &AppContext::readOnlyChanged, this, &StockPage::updateState);
    updateState();
}

qint64 StockPage::selectedId() const {
    const auto index = m_view->currentIndex();
    return index.isValid()
               ? m_proxy->data(index.siblingAtColumn(0), ModelRoles::IdRole).toLongLong()
               : 0;
}

void StockPage::updateState() {
    const bool writable = !m_context->isReadOnly();
    const bool selected = selectedId() > 0;
    m_addButton->setEnabled(writable);
    const bool some = m_adjustCount->value() > 0;
    m_receiveButton->setEnabled(writable && selected && some);
    m_writeOffButton->setEnabled(writable && selected && some);
    m_setCountButton->setEnabled(writable && selected);
    const auto position = m_context->positions()->positionById(selectedId());
    m_archiveButton->setEnabled(writable && position.has_value());
    m_detailsButton->setEnabled(writable && position.has_value());
    m_archiveButton->setText(position && position->archived ? tr("Unarc&hive") : tr("Arc&hive"));
}

void StockPage::updateCount() {
    int low = 0;
    int archived = 0;
    const auto* model = m_context->positions();
    for (const auto& position : model->positions()) {
        archived += position.archived;
        low += !position.archived && model->isLowStock(position);
    }
    QStringList parts{tr("%n position(s)", nullptr, int(model->positions().size()))};
    if (m_proxy->rowCount() != model->rowCount()) {
        parts.prepend(tr("%1 shown").arg(m_proxy->rowCount()));
    }
    if (low > 0) {
        parts.append(tr("%n low on stock", nullptr, low));
    }
    if (archived > 0) {
        parts.append(tr("%n archived", nullptr, archived));
    }
    m_count->setText(parts.join(QStringLiteral(" · ")));
}

void StockPage::setCount() {
    const qint64 id = selectedId();
    const auto position = m_context->positions()->positionById(id);
    if (!position) {
        return;
    }
    const qint64 count = m_adjustCount->value();
    sendUpdate(
        id, QJsonObject{{QStringLiteral("count"), count}},
        tr("“%1”: %2 counted (was %3).")
            .arg(position->name, QLocale().toString(count), QLocale().toString(position->count)));
}

void StockPage::toggleArchived() {
    const auto position = m_context->positions()->positionById(selectedId());
    if (!position) {
        return;
    }
    const bool archive = !position->archived;
    sendUpdate(
        position->id, QJsonObject{{QStringLiteral("archived"), archive}},
        archive ? tr("“%1” is archived: no longer sold, its history is kept.").arg(position->name)
                : tr("“%1” is on sale again.").arg(position->name));
}

void StockPage::setCompact(bool compact) {
    // At 683 px the two boxes do not fit side by side. Told by the window rather than read
    // from this page's own width: a page not on screen gets no resize, and its side-by-side
    // minimum would keep the whole window wide.
    m_bottom->setDirection(compact ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight);
    // The page's own layout keeps the side-by-side minimum it had computed unless told: a
    // window narrowed after being wide stayed 741 px in Russian.
    layout()->invalidate();
    updateGeometry();
}

void StockPage::addPosition() {
    const bool nameOk = m_name->validate();
    const bool priceOk = m_price->validate();
    if (!nameOk || !priceOk) {
        return;
    }
    const QJsonObject body{{QStringLiteral("name"), m_name->text().trimmed()},
                           {QStringLiteral("price"), *Format::parseMoney(m_price->text())},
                           {QStringLiteral("count"), m_initialCount->value()}};
    m_addButton->setEnabled(false);
    m_context->api()->post(
        QStringLiteral("/api/v1/stock/positions"), body, this, [this](const ApiResult& result) {
            updateState();
            if (!result.ok()) {
                const auto& error = *result.error;
                if (error.field == QLatin1String("name")) {
                    m_name->setError(error.message);
                } else if (error.field == QLatin1String("price")) {
                    m_price->setError(error.message);
                } else {
                    m_banner->showMessage(Banner::Kind::Error,
                                          Format::errorMessage(error.code, error.message));
                }
                return;
            }
            const auto position = Position::fromJson(result.object());
            m_context->positions()->upsert(position);
            m_name->edit()->clear();
            m_price->edit()->clear();
            m_initialCount->setValue(0);
            m_banner->showMessage(Banner::Kind::Success, tr("“%1” is added.").arg(position.name));
        });
}

void StockPage::adjust(int sign) {
    const qint64 id = selectedId();
    if (id <= 0) {
        return;
    }
    const qint64 add = sign * qint64(m_adjustCount->value());
    const auto position = m_context->positions()->positionById(id);
    const QString name = position ? position->name : QString::number(id);
    sendUpdate(id, QJsonObject{{QStringLiteral("add"), add}},
               sign > 0 ? tr("Received %1 of “%2”.").arg(add).arg(name)
                        : tr("Wrote off %1 of “%2”.").arg(-add).arg(name));
}

void StockPage::editDetails() {
    const auto position = m_context->positions()->positionById(selectedId());
    if (!position) {
        return;
    }
    m_context->refreshCategories();
    PositionEditorDialog dialog(m_context, *position, this);
    if (dialog.exec() == QDialog::Accepted) {
        m_banner->showMessage(Banner::Kind::Success, tr("%1 is saved.").arg(position->name));
    }
}

void StockPage::sendUpdate(qint64 id, const QJsonObject& body, const QString& done) {
    m_context->api()->post(QStringLiteral("/api/v1/stock/position/%1").arg(id), body, this,
                           [this, done](const ApiResult& result) {
                               if (!result.ok()) {
                                   const auto& error = *result.error;
                                   QString message =
                                       Format::errorMessage(error.code, error.message);
                                   if (error.code == QLatin1String("insufficient_stock")) {
                                       message = tr("Cannot write off more than is available.");
                                   }
                                   m_banner->showMessage(Banner::Kind::Error, message);
                                   m_context->refreshPositions();
                                   return;
                               }
                               m_context->positions()->upsert(Position::fromJson(result.object()));
                               m_banner->showMessage(Banner::Kind::Success, done);
                           });
}

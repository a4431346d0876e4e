#include "screens/customer/CataloguePage.h"

#include "api/ApiClient.h"
#include "cache/LocalCache.h"
#include "cache/PictureCache.h"
#include "core/AppContext.h"
#include "core/AppSettings.h"
#include "core/Format.h"
#include "lotok/Limits.h"
#include "models/CartModel.h"
#include "models/CatalogueFilterModel.h"
#include "models/ModelRoles.h"
#include "models/OrdersModel.h"
#include "models/PositionsModel.h"
#include "screens/customer/CheckoutDialog.h"
#include "screens/customer/ProductDialog.h"
#include "screens/widgets/Banner.h"
#include "screens/widgets/TableSetup.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QUrlQuery>
#include <QUuid>
#include <QVBoxLayout>

namespace {

// The grid shows every product with a picture: its own, or one placeholder for those that
// have none yet (an empty cell with its name squeezed to a few letters looked broken).
class GridDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override {
        QStyledItemDelegate::initStyleOption(option, index);
        if (option->icon.isNull()) {
            static const QIcon placeholder(QStringLiteral(":/icons/picture.svg"));
            option->icon = placeholder;
            option->features |= QStyleOptionViewItem::HasDecoration;
        }
        // A thumbnail is a pixmap, which Qt would draw at its own size (256 px) and so push
        // its cell out of the grid: every picture at the grid's icon size.
        if (const auto* view = qobject_cast<const QAbstractItemView*>(option->widget)) {
            option->decorationSize = view->iconSize();
        }
    }
};

} // namespace

CataloguePage::CataloguePage(AppContext* context, QWidget* parent)
    : QWidget(parent), m_context(context), m_cart(new CartModel(this)),
      m_proxy(new CatalogueFilterModel(this)), m_banner(new Banner(this)),
      m_search(new QLineEdit(this)), m_category(new QComboBox(this)),
      m_tableButton(new QToolButton(this)), m_gridButton(new QToolButton(this)),
      m_views(new QStackedWidget(this)), m_table(new QTableView(this)), m_grid(new QListView(this)),
      m_detailsButton(new QPushButton(tr("&Details…"), this)), m_searchTimer(new QTimer(this)),
      m_quantity(new QSpinBox(this)),
      m_addButton(
          new QPushButton(QIcon(QStringLiteral(":/icons/cart-add.svg")), tr("&Add to cart"), this)),
      m_cartView(new QTableView(this)),
      m_removeButton(
          new QPushButton(QIcon(QStringLiteral(":/icons/remove.svg")), tr("&Remove"), this)),
      m_total(new QLabel(this)),
      m_orderButton(
          new QPushButton(QIcon(QStringLiteral(":/icons/ok.svg")), tr("&Place order"), this)),
      m_refreshTimer(new QTimer(this)), m_count(new QLabel(this)) {
    setObjectName(QStringLiteral("cataloguePage"));
    m_count->setObjectName(QStringLiteral("catalogueCount"));
    m_banner->setObjectName(QStringLiteral("catalogueBanner"));

    m_proxy->setSourceModel(context->positions());
    m_proxy->setSortRole(ModelRoles::SortRole);

    m_search->setObjectName(QStringLiteral("catalogueSearch"));
    m_search->setPlaceholderText(tr("Search names and descriptions"));
    m_search->setAccessibleName(tr("Search the catalogue"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaxLength(int(lotok::limits::kSearchQueryMax));
    // The server searches (descriptions too, and past what is loaded here), a moment after
    // the last key, so typing a word costs one request, not one per letter.
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(300);
    connect(m_searchTimer, &QTimer::timeout, this, &CataloguePage::search);
    // Meanwhile the names loaded here answer at once; the server's answer then adds the
    // matches in descriptions and in what is not loaded yet.
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setLocalFilter(text, m_category->currentData().toLongLong());
        updateCount();
        m_searchTimer->start();
    });

    m_category->setObjectName(QStringLiteral("catalogueCategory"));
    m_category->setAccessibleName(tr("Category"));
    // A long category name must not widen the window: the popup shows it whole.
    m_category->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_category->setMinimumContentsLength(14);
    fillCategories();
    connect(context, &AppContext::categoriesChanged, this, &CataloguePage::fillCategories);
    connect(m_category, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        if (!m_fillingCategories) {
            search();
        }
    });

    m_tableButton->setObjectName(QStringLiteral("catalogueTableButton"));
    m_tableButton->setText(tr("List"));
    m_tableButton->setToolTip(tr("Show the catalogue as a list"));
    m_tableButton->setIcon(QIcon(QStringLiteral(":/icons/list.svg")));
    m_gridButton->setObjectName(QStringLiteral("catalogueGridButton"));
    m_gridButton->setText(tr("Grid"));
    m_gridButton->setToolTip(tr("Show the catalogue as a grid of pictures"));
    m_gridButton->setIcon(QIcon(QStringLiteral(":/icons/grid.svg")));
    auto* viewGroup = new QButtonGroup(this);
    for (auto* button : {m_tableButton, m_gridButton}) {
        button->setCheckable(true);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        viewGroup->addButton(button);
    }
    connect(m_gridButton, &QToolButton::toggled, this, &CataloguePage::setGrid);

    m_table->setObjectName(QStringLiteral("positionsTable"));
    m_table->setAccessibleName(tr("Catalogue"));
    m_table->setModel(m_proxy);
    enableSorting(m_table, PositionsModel::NameColumn, Qt::AscendingOrder);
    setupTable(m_table, PositionsModel::NameColumn);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setIconSize(QSize(32, 32));

    // The grid: the same rows (the name column with its thumbnail), the same selection.
    m_grid->setObjectName(QStringLiteral("catalogueGrid"));
    m_grid->setAccessibleName(tr("Catalogue"));
    m_grid->setModel(m_proxy);
    m_grid->setModelColumn(PositionsModel::NameColumn);
    m_grid->setSelectionModel(m_table->selectionModel());
    m_grid->setViewMode(QListView::IconMode);
    m_grid->setIconSize(QSize(128, 128));
    m_grid->setGridSize(QSize(168, 184));
    m_grid->setResizeMode(QListView::Adjust);
    m_grid->setMovement(QListView::Static);
    m_grid->setUniformItemSizes(true);
    m_grid->setWordWrap(true);
    m_grid->setItemDelegate(new GridDelegate(m_grid));
    m_grid->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_views->addWidget(m_table);
    m_views->addWidget(m_grid);
    m_detailsButton->setObjectName(QStringLiteral("productDetailsButton"));

    m_quantity->setObjectName(QStringLiteral("quantitySpin"));
    m_quantity->setAccessibleName(tr("Quantity"));
    m_quantity->setRange(1, int(lotok::limits::kMaxCount));
    auto* quantityLabel = new QLabel(tr("&Quantity:"), this);
    quantityLabel->setBuddy(m_quantity);
    m_addButton->setObjectName(QStringLiteral("addToCartButton"));

    m_cartView->setObjectName(QStringLiteral("cartTable"));
    m_cartView->setAccessibleName(tr("Cart"));
    m_cartView->setModel(m_cart);
    setupTable(m_cartView, CartModel::NameColumn);
    // The cart is a narrow panel: the unit price is in the catalogue next to it.
    m_cartView->setColumnHidden(CartModel::PriceColumn, true);
    // The count is typed in place (double-click, F2 or just typing a digit).
    m_cartView->setEditTriggers(QAbstractItemView::DoubleClicked |
                                QAbstractItemView::EditKeyPressed |
                                QAbstractItemView::AnyKeyPressed);
    m_removeButton->setObjectName(QStringLiteral("removeFromCartButton"));
    m_total->setObjectName(QStringLiteral("cartTotal"));
    QFont totalFont = m_total->font();
    totalFont.setBold(true);
    totalFont.setPointSizeF(totalFont.pointSizeF() * 1.2);
    m_total->setFont(totalFont);
    m_orderButton->setObjectName(QStringLiteral("placeOrderButton"));

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_category);
    searchRow->addWidget(m_tableButton);
    searchRow->addWidget(m_gridButton);
    leftLayout->addLayout(searchRow);
    leftLayout->addWidget(m_views, 1);
    auto* addRow = new QHBoxLayout;
    addRow->addWidget(m_count, 1);
    addRow->addWidget(m_detailsButton);
    addRow->addWidget(quantityLabel);
    addRow->addWidget(m_quantity);
    addRow->addWidget(m_addButton);
    leftLayout->addLayout(addRow);

    auto* cartBox = new QGroupBox(tr("Cart"), this);
    cartBox->setObjectName(QStringLiteral("cartBox"));
    auto* cartLayout = new QVBoxLayout(cartBox);
    cartLayout->addWidget(m_cartView, 1);
    auto* cartButtons = new QHBoxLayout;
    cartButtons->addWidget(m_removeButton);
    cartButtons->addStretch();
    cartButtons->addWidget(m_total);
    cartLayout->addLayout(cartButtons);
    cartLayout->addWidget(m_orderButton);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("catalogueSplitter"));
    splitter->addWidget(left);
    splitter->addWidget(cartBox);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 1);

    connect(m_addButton, &QPushButton::clicked, this, &CataloguePage::addToCart);
    connect(m_table, &QTableView::activated, this, &CataloguePage::addToCart);
    // In the grid a product is looked at first: its page has the picture and description.
    connect(m_grid, &QListView::activated, this, &CataloguePage::showDetails);
    connect(m_detailsButton, &QPushButton::clicked, this, &CataloguePage::showDetails);
    connect(m_removeButton, &QPushButton::clicked, this, &CataloguePage::removeFromCart);
    connect(m_orderButton, &QPushButton::clicked, this, &CataloguePage::placeOrder);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CataloguePage::updateState);
    connect(m_cartView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CataloguePage::updateState);
    connect(m_cart, &CartModel::totalChanged, this, [this] {
        // ResizeToContents columns do not follow changed cells on their own.
        QMetaObject::invokeMethod(m_cartView->horizontalHeader(), "resizeSections");
        // The cart changed: the old key described another order.
        m_idempotencyKey.clear();
        // Kept for the next start (only once this session's cart is in place).
        if (m_cartRestored && m_context->isSignedIn()) {
            m_context->cache()->storeCart(m_context->userScope(), m_cart->toJson());
        }
        updateState();
    });
    connect(m_cart, &CartModel::priceChanged, this,
            [this](const QString& name, qint64 oldPrice, qint64 newPrice) {
                m_bannerAction = BannerAction::None;
                m_banner->showMessage(
                    Banner::Kind::Info,
                    tr("The price of %1 changed from %2 to %3. The cart total is now %4.")
                        .arg(name, Format::money(oldPrice), Format::money(newPrice),
                             Format::money(std::max<qint64>(m_cart->total(), 0))));
            });
    connect(m_cart, &CartModel::countRefused, this, [this](const QString& name, qint64 available) {
        m_bannerAction = BannerAction::None;
        m_banner->showMessage(Banner::Kind::Warning,
                              available > 0
                                  ? tr("Only %1 of %2 in stock; the cart keeps its count.")
                                        .arg(QLocale().toString(available), name)
                                  : tr("%1 is sold out; the cart keeps its count.").arg(name));
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &CataloguePage::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &CataloguePage::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &CataloguePage::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &CataloguePage::updateCount);
    connect(context, &AppContext::positionsLoadingChanged, this, &CataloguePage::updateCount);
    connect(context, &AppContext::positionsLoaded, this, [this] {
        if (!m_cartRestored && m_context->isSignedIn()) {
            m_cart->restore(m_context->cache()->cart(m_context->userScope()),
                            m_context->positions()->positions());
            m_cartRestored = true;
        }
        // Still on screen: say what is short now that the counts are fresh.
        if (m_bannerAction == BannerAction::FitToStock && !m_banner->text().isEmpty()) {
            showShortages();
        }
        updateCount();
    });
    connect(context->positions(), &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex& from, const QModelIndex& to) {
                for (int row = from.row(); row <= to.row(); ++row) {
                    if (auto position = m_context->positions()->positionAt(row)) {
                        m_cart->updatePosition(*position);
                    }
                }
                updateState();
            });
    connect(context->positions(), &QAbstractItemModel::modelReset, this, [this] {
        for (const auto& position : m_context->positions()->positions()) {
            m_cart->updatePosition(position);
        }
        updateState();
    });
    connect(context, &AppContext::readOnlyChanged, this, &CataloguePage::updateState);
    connect(context, &AppContext::sessionEnded, this, [this] {
        // The cart stays saved for its owner's next session, not on screen for the next user.
        m_cartRestored = false;
        m_cart->clear();
        m_banner->clear();
    });
    connect(m_banner, &Banner::actionTriggered, this, [this] {
        if (m_bannerAction == BannerAction::TopUp) {
            emit topUpRequested(m_shortfall);
        } else if (m_bannerAction == BannerAction::FitToStock) {
            fitCartToStock();
        }
        m_bannerAction = BannerAction::None;
        m_banner->clear();
    });
    // Customers have no stock stream; while they look at the catalogue, counts are refreshed
    // every few seconds so "how many are left" stays true.
    m_refreshTimer->setInterval(5000);
    connect(m_refreshTimer, &QTimer::timeout, this, [this] {
        if (isVisible() && m_context->api()->isOnline() && !m_context->api()->isBusy()) {
            m_context->refreshPositions();
        }
    });
    m_refreshTimer->start();
    const bool grid = m_context->settings()->catalogueGrid();
    (grid ? m_gridButton : m_tableButton)->setChecked(true);
    setGrid(grid);
    updateCount();
    updateState();
}

void CataloguePage::setCompact(bool compact) {
    // A narrow window: the view buttons keep their icons and tooltips, not their words.
    for (auto* button : {m_tableButton, m_gridButton}) {
        button->setToolButtonStyle(compact ? Qt::ToolButtonIconOnly : Qt::ToolButtonTextBesideIcon);
    }
}

void CataloguePage::setGrid(bool grid) {
    m_views->setCurrentWidget(grid ? static_cast<QWidget*>(m_grid) : m_table);
    if (grid != m_context->settings()->catalogueGrid()) {
        m_context->settings()->setCatalogueGrid(grid);
    }
}

void CataloguePage::fillCategories() {
    const qint64 selected = m_category->currentData().toLongLong();
    // Refilling keeps the choice; it is not a new filter (unless the category is gone).
    m_fillingCategories = true;
    m_category->clear();
    m_category->addItem(tr("All categories"), qint64(0));
    for (const auto& category : m_context->categories()) {
        m_category->addItem(category.name, category.id);
    }
    const int index = m_category->findData(selected);
    m_category->setCurrentIndex(index < 0 ? 0 : index);
    m_fillingCategories = false;
    if (index < 0 && selected != 0) {
        search();
    }
}

void CataloguePage::search() {
    m_searchTimer->stop();
    const auto text = m_search->text().trimmed();
    const qint64 category = m_category->currentData().toLongLong();
    const int generation = ++m_searchGeneration;
    if (text.isEmpty() && category == 0) {
        m_proxy->setMatches(std::nullopt);
        updateCount();
        return;
    }
    searchPage(generation, 0, {}, 0);
}

void CataloguePage::searchPage(int generation, qint64 after, QSet<qint64> found, int pages) {
    QUrlQuery query;
    const auto text = m_search->text().trimmed();
    const qint64 category = m_category->currentData().toLongLong();
    if (!text.isEmpty()) {
        query.addQueryItem(QStringLiteral("q"), text);
    }
    if (category != 0) {
        query.addQueryItem(QStringLiteral("category"), QString::number(category));
    }
    query.addQueryItem(QStringLiteral("limit"), QString::number(lotok::limits::kPositionsPageMax));
    if (after > 0) {
        query.addQueryItem(QStringLiteral("after"), QString::number(after));
    }
    m_context->api()->get(
        QStringLiteral("/api/v1/stock/positions"), query, this,
        [this, generation, found, pages, text, category](const ApiResult& result) mutable {
            if (generation != m_searchGeneration) {
                return; // the search box changed since: a newer search is under way
            }
            if (!result.ok()) {
                // Offline (or refused): the names loaded here are searched instead.
                m_proxy->setLocalFilter(text, category);
                updateCount();
                return;
            }
            const auto body = result.object();
            for (const auto& value : body.value(QLatin1String("positions")).toArray()) {
                const auto position = Position::fromJson(value.toObject());
                found.insert(position.id);
                // A match beyond what is loaded yet is shown all the same.
                m_context->positions()->upsert(position);
            }
            const auto next = body.value(QLatin1String("next_after"));
            // Ten pages of 500 are more than anyone reads; the count says there are more.
            if (!next.isNull() && next.isDouble() && pages < 9) {
                searchPage(generation, qint64(next.toDouble()), found, pages + 1);
                return;
            }
            m_proxy->setMatches(found);
            updateCount();
        });
}

void CataloguePage::showDetails() {
    const auto position = m_context->positions()->positionById(selectedPositionId());
    if (!position) {
        return;
    }
    ProductDialog dialog(m_context, *position, this);
    dialog.exec();
}

void CataloguePage::updateCount() {
    const int all = m_context->positions()->rowCount();
    const int shown = m_proxy->rowCount();
    QString text = shown == all ? tr("%n product(s)", nullptr, all)
                                : tr("%1 of %n product(s)", nullptr, all).arg(shown);
    if (m_context->isLoadingPositions() && all > 0) {
        text = tr("%1, more loading…").arg(text);
    }
    m_count->setText(text);
}

QStringList CataloguePage::shortages() const {
    QStringList short_;
    for (const auto& line : m_cart->lines()) {
        const auto position = m_context->positions()->positionById(line.position.id);
        const qint64 available = position ? position->count : 0;
        if (line.count > available) {
            short_.append(available > 0
                              ? tr("%1 (%2 left, %3 in the cart)")
                                    .arg(line.position.name, QLocale().toString(available),
                                         QLocale().toString(line.count))
                              : tr("%1 (sold out)").arg(line.position.name));
        }
    }
    return short_;
}

void CataloguePage::showShortages() {
    const auto short_ = shortages();
    m_banner->showMessage(Banner::Kind::Warning,
                          short_.isEmpty()
                              ? tr("Not enough goods in stock for this order. Nothing was charged. "
                                   "Lower the count and try again.")
                              : tr("Not enough in stock: %1. Nothing was charged.")
                                    .arg(short_.join(QStringLiteral(", "))),
                          tr("Fit the cart to stock"));
}

void CataloguePage::showShortfall() {
    const qint64 balance = m_context->balance().value_or(0);
    m_shortfall = std::max<qint64>(m_cart->total() - balance, lotok::limits::kMinAmount);
    m_bannerAction = BannerAction::TopUp;
    m_banner->showMessage(Banner::Kind::Warning,
                          tr("Not enough money on your balance: the order costs %1, you have "
                             "%2. Top up by %3 or remove something from the cart.")
                              .arg(Format::money(m_cart->total()), Format::money(balance),
                                   Format::money(m_shortfall)),
                          tr("Top up balance"));
}

qint64 CataloguePage::selectedPositionId() const {
    const auto current = m_table->currentIndex();
    if (!current.isValid()) {
        return 0;
    }
    return m_proxy->data(current.siblingAtColumn(0), ModelRoles::IdRole).toLongLong();
}

void CataloguePage::updateState() {
    const auto position = m_context->positions()->positionById(selectedPositionId());
    const qint64 inCart = [&] {
        for (const auto& line : m_cart->lines()) {
            if (position && line.position.id == position->id) {
                return line.count;
            }
        }
        return qint64(0);
    }();
    const qint64 left = position ? position->count - inCart : 0;
    m_addButton->setEnabled(position.has_value() && left > 0);
    m_detailsButton->setEnabled(position.has_value());
    if (position && left > 0) {
        m_quantity->setMaximum(int(std::min<qint64>(left, lotok::limits::kMaxCount)));
    }
    m_removeButton->setEnabled(m_cartView->selectionModel()->hasSelection());
    const qint64 total = m_cart->total();
    m_total->setText(tr("Total: %1").arg(Format::money(std::max<qint64>(total, 0))));
    m_orderButton->setEnabled(!m_cart->isEmpty() && total > 0 && !m_placing &&
                              !m_context->isReadOnly());
    m_orderButton->setToolTip(m_context->isReadOnly()
                                  ? tr("Waiting for the server; the catalogue is read-only.")
                                  : QString());
}

void CataloguePage::addToCart() {
    const auto position = m_context->positions()->positionById(selectedPositionId());
    if (!position || !m_addButton->isEnabled()) {
        return;
    }
    m_cart->add(*position, m_quantity->value());
    m_quantity->setValue(1);
    m_banner->clear();
    updateState();
}

void CataloguePage::removeFromCart() {
    const auto rows = m_cartView->selectionModel()->selectedRows();
    if (!rows.isEmpty()) {
        m_cart->removeRow(rows.first().row());
    }
}

void CataloguePage::placeOrder() {
    if (m_cart->isEmpty() || m_placing) {
        return;
    }
    // An order the balance cannot pay is stopped here, with the top-up one click away; the
    // server would only refuse it (and keep a rejected order).
    if (const auto balance = m_context->balance(); balance && m_cart->total() > *balance) {
        showShortfall();
        return;
    }
    // Nothing is sent before the customer has seen the items, total and address.
    auto* checkout = new CheckoutDialog(m_context, m_cart, this);
    checkout->setAttribute(Qt::WA_DeleteOnClose);
    connect(checkout, &CheckoutDialog::confirmed, this, &CataloguePage::sendOrder);
    checkout->open();
}

void CataloguePage::sendOrder() {
    if (m_cart->isEmpty() || m_placing) {
        return;
    }
    if (m_idempotencyKey.isEmpty()) {
        m_idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    }
    m_placing = true;
    m_banner->showMessage(Banner::Kind::Info, tr("Placing the order…"));
    updateState();
    const QJsonObject body{{QStringLiteral("items"), m_cart->toOrderItems()}};
    m_context->api()->post(
        QStringLiteral("/api/v1/order"), body, this,
        [this](const ApiResult& result) {
            m_placing = false;
            if (!result.ok()) {
                onOrderFailed(*result.error);
                updateState();
                return;
            }
            m_idempotencyKey.clear();
            const auto order = Order::fromJson(result.object());
            m_context->orders()->upsert(order);
            m_cart->clear();
            m_bannerAction = BannerAction::None;
            m_banner->showMessage(Banner::Kind::Success,
                                  tr("Order #%1 is confirmed. %2 was charged.")
                                      .arg(order.id)
                                      .arg(Format::money(order.total, order.currency)));
            m_context->refreshBalance();
            m_context->refreshPositions();
            updateState();
            emit orderPlaced(order.id);
        },
        m_idempotencyKey);
}

void CataloguePage::onOrderFailed(const ApiError& error) {
    m_bannerAction = BannerAction::None;
    if (error.isNetwork()) {
        // Keep the key: pressing the button again retries the same order, never a second one.
        m_banner->showMessage(Banner::Kind::Error, Format::errorMessage(error.code, error.message));
        return;
    }
    m_idempotencyKey.clear();
    // The server keeps a rejected order; show it in the list too.
    m_context->orders()->reload();
    if (error.code == QLatin1String("insufficient_stock")) {
        // Named once the fresh counts are in (positionsLoaded): which item, how many left.
        m_bannerAction = BannerAction::FitToStock;
        showShortages();
        m_context->refreshPositions();
        return;
    }
    if (error.code == QLatin1String("insufficient_funds")) {
        showShortfall();
        m_context->refreshBalance();
        return;
    }
    m_banner->showMessage(Banner::Kind::Error, Format::errorMessage(error.code, error.message));
}

void CataloguePage::fitCartToStock() {
    for (int row = int(m_cart->lines().size()) - 1; row >= 0; --row) {
        const auto& line = m_cart->lines().at(row);
        const auto position = m_context->positions()->positionById(line.position.id);
        const qint64 available = position ? position->count : 0;
        if (line.count > available) {
            m_cart->setCount(row, available);
        }
    }
}

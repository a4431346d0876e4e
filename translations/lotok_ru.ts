<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>BalancePage</name>
    <message>
        <source>&amp;Top up</source>
        <translation>&amp;Пополнить</translation>
    </message>
    <message>
        <source>Current balance</source>
        <translation>Текущий баланс</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>&amp;Сумма:</translation>
    </message>
    <message>
        <source>Top-ups are added to your balance at once. Orders are paid from the balance.</source>
        <translation>Пополнение зачисляется на баланс сразу. Заказы оплачиваются с баланса.</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Balance %1</source>
        <translation>Баланс %1</translation>
    </message>
    <message>
        <source>Balance unknown</source>
        <translation>Баланс неизвестен</translation>
    </message>
    <message>
        <source>%1 was added to your balance.</source>
        <translation>На баланс зачислено %1.</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Dismiss</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Закрыть сообщение</translation>
    </message>
</context>
<context>
    <name>BusyIndicator</name>
    <message>
        <source>Working</source>
        <translation>Выполняется</translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <source>Item</source>
        <translation>Товар</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Цена</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Количество</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Сумма</translation>
    </message>
</context>
<context>
    <name>CataloguePage</name>
    <message>
        <source>&amp;Add to cart</source>
        <translation>&amp;В корзину</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Убрать</translation>
    </message>
    <message>
        <source>&amp;Place order</source>
        <translation>&amp;Оформить заказ</translation>
    </message>
    <message>
        <source>Search the catalogue</source>
        <translation>Поиск по каталогу</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>Каталог</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Количество</translation>
    </message>
    <message>
        <source>&amp;Quantity:</source>
        <translation>&amp;Количество:</translation>
    </message>
    <message>
        <source>Cart</source>
        <translation>Корзина</translation>
    </message>
    <message>
        <source>Total: %1</source>
        <translation>Итого: %1</translation>
    </message>
    <message>
        <source>Waiting for the server; the catalogue is read-only.</source>
        <translation>Ждём сервер; каталог пока только для просмотра.</translation>
    </message>
    <message>
        <source>Placing the order…</source>
        <translation>Оформляем заказ…</translation>
    </message>
    <message>
        <source>Order #%1 is confirmed. %2 was charged.</source>
        <translation>Заказ №%1 подтверждён. Списано %2.</translation>
    </message>
    <message>
        <source>Not enough goods in stock for this order. Nothing was charged. Lower the count and try again.</source>
        <translation>Для этого заказа не хватает товара на складе. Деньги не списаны. Уменьшите количество и попробуйте снова.</translation>
    </message>
    <message>
        <source>Fit the cart to stock</source>
        <translation>Уменьшить до наличия</translation>
    </message>
    <message>
        <source>Not enough money on your balance: the order costs %1, you have %2. Top up by %3 or remove something from the cart.</source>
        <translation>На балансе недостаточно денег: заказ стоит %1, у вас %2. Пополните баланс на %3 или уберите что-нибудь из корзины.</translation>
    </message>
    <message>
        <source>Top up balance</source>
        <translation>Пополнить баланс</translation>
    </message>
</context>
<context>
    <name>DeliveriesModel</name>
    <message>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Покупатель</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Создана</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Отправлена</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Получена</translation>
    </message>
</context>
<context>
    <name>DeliveriesPage</name>
    <message>
        <source>Mark &amp;sent</source>
        <translation>Отметить &amp;отправленным</translation>
    </message>
    <message>
        <source>Mark &amp;received</source>
        <translation>Отметить &amp;полученным</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>О&amp;бновить</translation>
    </message>
    <message>
        <source>Awaiting shipment</source>
        <translation>Ждут отправки</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Отправленные</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Полученные</translation>
    </message>
    <message>
        <source>Mark order #%1 for %2 as sent?</source>
        <translation>Отметить заказ №%1 для %2 как отправленный?</translation>
    </message>
    <message>
        <source>Order #%1 is marked as sent.</source>
        <translation>Заказ №%1 отмечен как отправленный.</translation>
    </message>
    <message>
        <source>Mark order #%1 for %2 as received?</source>
        <translation>Отметить заказ №%1 для %2 как полученный?</translation>
    </message>
    <message>
        <source>Order #%1 is marked as received.</source>
        <translation>Заказ №%1 отмечен как полученный.</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Подтверждение</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>%1 %2</source>
        <extracomment>Money: %1 is the amount, %2 the currency sign, e.g. "1,250.00 ₽"</extracomment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Processing</source>
        <translation>Обрабатывается</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Подтверждён</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Отклонён</translation>
    </message>
    <message>
        <source>not enough goods in stock</source>
        <translation>не хватает товара на складе</translation>
    </message>
    <message>
        <source>not enough money on the balance</source>
        <translation>не хватает денег на балансе</translation>
    </message>
    <message>
        <source>Awaiting shipment</source>
        <translation>Ждёт отправки</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Отправлена</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Получена</translation>
    </message>
    <message>
        <source>Order confirmed</source>
        <translation>Заказ подтверждён</translation>
    </message>
    <message>
        <source>Order rejected</source>
        <translation>Заказ отклонён</translation>
    </message>
    <message>
        <source>Order sent</source>
        <translation>Заказ отправлен</translation>
    </message>
    <message>
        <source>Order delivered</source>
        <translation>Заказ доставлен</translation>
    </message>
    <message>
        <source>Order #%1 is paid and is being prepared for delivery.</source>
        <translation>Заказ №%1 оплачен и готовится к доставке.</translation>
    </message>
    <message>
        <source>Order #%1 was rejected.</source>
        <translation>Заказ №%1 отклонён.</translation>
    </message>
    <message>
        <source>Order #%1 is on its way.</source>
        <translation>Заказ №%1 в пути.</translation>
    </message>
    <message>
        <source>Order #%1 has been delivered.</source>
        <translation>Заказ №%1 доставлен.</translation>
    </message>
    <message>
        <source>Order #%1 was updated.</source>
        <translation>Заказ №%1 обновлён.</translation>
    </message>
    <message>
        <source>There are not enough goods in stock. Lower the count and try again.</source>
        <translation>На складе не хватает товара. Уменьшите количество и попробуйте снова.</translation>
    </message>
    <message>
        <source>There is not enough money on your balance. Top up your balance or remove something from the cart.</source>
        <translation>На балансе недостаточно денег. Пополните баланс или уберите что-нибудь из корзины.</translation>
    </message>
    <message>
        <source>The login or the password is wrong.</source>
        <translation>Неверный логин или пароль.</translation>
    </message>
    <message>
        <source>This login is already taken. Choose another one.</source>
        <translation>Этот логин уже занят. Выберите другой.</translation>
    </message>
    <message>
        <source>Too many attempts. Wait a minute and try again.</source>
        <translation>Слишком много попыток. Подождите минуту и попробуйте снова.</translation>
    </message>
    <message>
        <source>Your session has ended. Sign in again.</source>
        <translation>Сеанс завершён. Войдите снова.</translation>
    </message>
    <message>
        <source>You are not allowed to do this.</source>
        <translation>У вас нет прав на это действие.</translation>
    </message>
    <message>
        <source>Not found.</source>
        <translation>Не найдено.</translation>
    </message>
    <message>
        <source>This delivery has already moved on. The list has been refreshed.</source>
        <translation>Эта доставка уже перешла в другой статус. Список обновлён.</translation>
    </message>
    <message>
        <source>The shop is temporarily unavailable. Try again in a moment.</source>
        <translation>Магазин временно недоступен. Попробуйте чуть позже.</translation>
    </message>
    <message>
        <source>Cannot reach the server. Check the connection; the app keeps retrying.</source>
        <translation>Нет связи с сервером. Проверьте подключение; приложение продолжает попытки.</translation>
    </message>
    <message>
        <source>Something went wrong (%1).</source>
        <translation>Что-то пошло не так (%1).</translation>
    </message>
    <message numerus="yes">
        <source>Must be at least %n character(s).</source>
        <translation><numerusform>Не короче %n символа.</numerusform><numerusform>Не короче %n символов.</numerusform><numerusform>Не короче %n символов.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Must be at most %n character(s).</source>
        <translation><numerusform>Не длиннее %n символа.</numerusform><numerusform>Не длиннее %n символов.</numerusform><numerusform>Не длиннее %n символов.</numerusform></translation>
    </message>
    <message>
        <source>Must be at least %1.</source>
        <translation>Не меньше %1.</translation>
    </message>
    <message>
        <source>Must be at most %1.</source>
        <translation>Не больше %1.</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Обязательное поле.</translation>
    </message>
    <message>
        <source>Must not be blank.</source>
        <translation>Не может состоять из одних пробелов.</translation>
    </message>
    <message>
        <source>Contains invalid characters.</source>
        <translation>Содержит недопустимые символы.</translation>
    </message>
    <message>
        <source>Must not contain control characters.</source>
        <translation>Не может содержать управляющие символы.</translation>
    </message>
    <message>
        <source>Use only Latin letters, digits, '.', '_' and '-'.</source>
        <translation>Только латинские буквы, цифры, «.», «_» и «-».</translation>
    </message>
    <message>
        <source>Enter an email address such as name@example.com.</source>
        <translation>Введите адрес почты, например name@example.com.</translation>
    </message>
    <message>
        <source>Use only digits, spaces and + - ( ).</source>
        <translation>Только цифры, пробелы и + - ( ).</translation>
    </message>
    <message>
        <source>Must have at least 5 digits.</source>
        <translation>Должно быть не меньше 5 цифр.</translation>
    </message>
    <message>
        <source>Enter an amount such as %1.</source>
        <translation>Введите сумму, например %1.</translation>
    </message>
    <message>
        <source>Must not be zero.</source>
        <translation>Не может быть нулём.</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Lotok</source>
        <translation>Лоток</translation>
    </message>
    <message>
        <source>Your neighbourhood shop</source>
        <translation>Магазин у дома</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Вход</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>Регистрация</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Настройки…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Логин:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Пароль:</translation>
    </message>
    <message>
        <source>&amp;Keep me signed in</source>
        <translation>&amp;Не выходить из системы</translation>
    </message>
    <message>
        <source>The session is kept in the system keychain, never in a file.</source>
        <translation>Сеанс хранится в системной связке ключей, а не в файле.</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;Почта:</translation>
    </message>
    <message>
        <source>&amp;First name:</source>
        <translation>&amp;Имя:</translation>
    </message>
    <message>
        <source>La&amp;st name:</source>
        <translation>&amp;Фамилия:</translation>
    </message>
    <message>
        <source>P&amp;hone (optional):</source>
        <translation>Т&amp;елефон (необязательно):</translation>
    </message>
    <message>
        <source>&amp;Delivery address:</source>
        <translation>&amp;Адрес доставки:</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>Сервер: %1</translation>
    </message>
    <message>
        <source>No system keychain is available, so you will stay signed in only until you quit.</source>
        <translation>Системная связка ключей недоступна, поэтому вход сохранится только до выхода из приложения.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Lotok</source>
        <translation>Лоток</translation>
    </message>
    <message>
        <source>No system keychain is available, so you will stay signed in only until you quit.</source>
        <translation>Системная связка ключей недоступна, поэтому вход сохранится только до выхода из приложения.</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Уведомления</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>Разделы</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Склад</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>Доставка</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>Каталог</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Баланс</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Заказы</translation>
    </message>
    <message>
        <source>%1 (staff)</source>
        <translation>%1 (сотрудник)</translation>
    </message>
    <message>
        <source>Balance: %1</source>
        <translation>Баланс: %1</translation>
    </message>
    <message>
        <source>Notifications (%1)</source>
        <translation>Уведомления (%1)</translation>
    </message>
    <message numerus="yes">
        <source>Notifications, %n unread</source>
        <translation><numerusform>Уведомления, %n непрочитанное</numerusform><numerusform>Уведомления, %n непрочитанных</numerusform><numerusform>Уведомления, %n непрочитанных</numerusform></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Нет связи</translation>
    </message>
    <message>
        <source>Cannot reach the server at %1. Retrying…</source>
        <translation>Сервер %1 недоступен. Повторяем попытки…</translation>
    </message>
    <message>
        <source>The connection to the server is lost. Showing saved data; retrying…</source>
        <translation>Связь с сервером потеряна. Показаны сохранённые данные; повторяем попытки…</translation>
    </message>
    <message>
        <source>Showing saved data while syncing with the server…</source>
        <translation>Показаны сохранённые данные, идёт синхронизация с сервером…</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>В сети</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Подключено</translation>
    </message>
    <message>
        <source>Show Lotok</source>
        <translation>Показать Лоток</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Повторить сейчас</translation>
    </message>
</context>
<context>
    <name>NotificationsPage</name>
    <message>
        <source>&amp;Mark all as read</source>
        <translation>&amp;Отметить все прочитанными</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Уведомления</translation>
    </message>
    <message>
        <source>No notifications yet. News about your orders appears here.</source>
        <translation>Уведомлений пока нет. Здесь появятся новости о ваших заказах.</translation>
    </message>
    <message>
        <source>All caught up.</source>
        <translation>Всё прочитано.</translation>
    </message>
    <message numerus="yes">
        <source>%n unread notification(s)</source>
        <translation><numerusform>%n непрочитанное уведомление</numerusform><numerusform>%n непрочитанных уведомления</numerusform><numerusform>%n непрочитанных уведомлений</numerusform></translation>
    </message>
</context>
<context>
    <name>OrderDialog</name>
    <message>
        <source>Order #%1</source>
        <translation>Заказ №%1</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Товары</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Товар</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Цена</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Количество</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>История</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Событие</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Статус:</translation>
    </message>
    <message>
        <source>Delivery:</source>
        <translation>Доставка:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Адрес:</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>Итого:</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>Отклонён: %1</translation>
    </message>
    <message>
        <source>No delivery for a rejected order</source>
        <translation>Отклонённый заказ не доставляется</translation>
    </message>
    <message>
        <source>Not scheduled yet</source>
        <translation>Ещё не запланирована</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Создан</translation>
    </message>
    <message>
        <source>Confirmed and paid</source>
        <translation>Подтверждён и оплачен</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Отправлен</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Получен</translation>
    </message>
</context>
<context>
    <name>OrdersModel</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Заказ</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Товары</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Итого</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
</context>
<context>
    <name>OrdersPage</name>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Открыть</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>О&amp;бновить</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Заказы</translation>
    </message>
</context>
<context>
    <name>PositionsModel</name>
    <message>
        <source>Sold out</source>
        <translation>Нет в наличии</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Цена</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>В наличии</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Show a &amp;tray message for each new notification</source>
        <translation>Показывать &amp;сообщение в трее о каждом новом уведомлении</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Адрес сервера</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Сервер:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Язык:</translation>
    </message>
    <message>
        <source>A new language takes effect the next time Lotok starts.</source>
        <translation>Новый язык будет применён при следующем запуске Лотка.</translation>
    </message>
    <message>
        <source>Enter an address such as %1.</source>
        <translation>Введите адрес, например %1.</translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <source>&amp;Add position</source>
        <translation>&amp;Добавить товар</translation>
    </message>
    <message>
        <source>&amp;Receive</source>
        <translation>&amp;Оприходовать</translation>
    </message>
    <message>
        <source>&amp;Write off</source>
        <translation>&amp;Списать</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Склад</translation>
    </message>
    <message>
        <source>Double-click a name or a price to change it.</source>
        <translation>Дважды щёлкните по названию или цене, чтобы изменить их.</translation>
    </message>
    <message>
        <source>Initial count</source>
        <translation>Начальное количество</translation>
    </message>
    <message>
        <source>New position</source>
        <translation>Новый товар</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Название:</translation>
    </message>
    <message>
        <source>&amp;Price:</source>
        <translation>&amp;Цена:</translation>
    </message>
    <message>
        <source>&amp;Count:</source>
        <translation>&amp;Количество:</translation>
    </message>
    <message>
        <source>Count to receive or write off</source>
        <translation>Количество для оприходования или списания</translation>
    </message>
    <message>
        <source>Selected position</source>
        <translation>Выбранный товар</translation>
    </message>
    <message>
        <source>C&amp;ount:</source>
        <translation>Ко&amp;личество:</translation>
    </message>
    <message>
        <source>“%1” is saved.</source>
        <translation>«%1» сохранён.</translation>
    </message>
    <message>
        <source>“%1” is added.</source>
        <translation>«%1» добавлен.</translation>
    </message>
    <message>
        <source>Received %1 of “%2”.</source>
        <translation>Оприходовано %1 шт. «%2».</translation>
    </message>
    <message>
        <source>Wrote off %1 of “%2”.</source>
        <translation>Списано %1 шт. «%2».</translation>
    </message>
    <message>
        <source>Cannot write off more than is available.</source>
        <translation>Нельзя списать больше, чем есть в наличии.</translation>
    </message>
</context>
</TS>

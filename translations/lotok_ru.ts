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
    <message>
        <source>Load &amp;more</source>
        <translation>Загрузить &amp;ещё</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>&amp;Экспорт в CSV…</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>Выписка</translation>
    </message>
    <message>
        <source>statement.csv</source>
        <translation>vypiska.csv</translation>
    </message>
    <message>
        <source>No transactions yet.</source>
        <translation>Операций пока нет.</translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s)</source>
        <translation>
            <numerusform>%n операция</numerusform>
            <numerusform>%n операции</numerusform>
            <numerusform>%n операций</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s) loaded, more as you scroll</source>
        <translation>
            <numerusform>Загружена %n операция, остальные — при прокрутке</numerusform>
            <numerusform>Загружено %n операции, остальные — при прокрутке</numerusform>
            <numerusform>Загружено %n операций, остальные — при прокрутке</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>%1 (loading…)</source>
        <translation>%1 (загрузка…)</translation>
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
    <message>
        <source>The price of %1 changed from %2 to %3. The cart total is now %4.</source>
        <translation>Цена товара «%1» изменилась с %2 на %3. Теперь сумма корзины — %4.</translation>
    </message>
    <message>
        <source>Only %1 of %2 in stock; the cart keeps its count.</source>
        <translation>На складе только %1 шт. товара «%2»; количество в корзине не изменено.</translation>
    </message>
    <message>
        <source>%1 is sold out; the cart keeps its count.</source>
        <translation>Товар «%1» закончился; количество в корзине не изменено.</translation>
    </message>
    <message numerus="yes">
        <source>%n product(s)</source>
        <translation>
            <numerusform>%n товар</numerusform>
            <numerusform>%n товара</numerusform>
            <numerusform>%n товаров</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n product(s)</source>
        <translation>
            <numerusform>%1 из %n товара</numerusform>
            <numerusform>%1 из %n товаров</numerusform>
            <numerusform>%1 из %n товаров</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2 left, %3 in the cart)</source>
        <translation>%1 (осталось %2, в корзине %3)</translation>
    </message>
    <message>
        <source>%1 (sold out)</source>
        <translation>%1 (закончился)</translation>
    </message>
    <message>
        <source>Not enough in stock: %1. Nothing was charged.</source>
        <translation>Не хватает на складе: %1. Деньги не списаны.</translation>
    </message>
    <message>
        <source>%1, more loading…</source>
        <translation>%1, загружаются ещё…</translation>
    </message>
    <message>
        <source>&amp;Details…</source>
        <translation>&amp;Подробнее…</translation>
    </message>
    <message>
        <source>Search names and descriptions</source>
        <translation>Поиск по названиям и описаниям</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Категория</translation>
    </message>
    <message>
        <source>List</source>
        <translation>Список</translation>
    </message>
    <message>
        <source>Show the catalogue as a list</source>
        <translation>Показать каталог списком</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Плитка</translation>
    </message>
    <message>
        <source>Show the catalogue as a grid of pictures</source>
        <translation>Показать каталог плиткой с картинками</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Все категории</translation>
    </message>
</context>
<context>
    <name>CertificateDialog</name>
    <message>
        <source>The server&apos;s certificate is not trusted</source>
        <translation>Сертификат сервера не вызывает доверия</translation>
    </message>
    <message>
        <source>Nothing was sent. The system does not know who issued the certificate %1 presented. Trust it only if the shop gave you this fingerprint: Lotok will then accept this one certificate for this server, and refuse any other.</source>
        <translation>Ничего не отправлено. Система не знает, кто выдал сертификат, который предъявил %1. Доверяйте ему, только если магазин сообщил вам этот отпечаток: тогда Lotok будет принимать для этого сервера только этот сертификат и отклонять любой другой.</translation>
    </message>
    <message>
        <source>The certificate changed since you trusted it</source>
        <translation>Сертификат изменился с тех пор, как вы ему доверились</translation>
    </message>
    <message>
        <source>Nothing was sent. %1 presents another certificate than the one you trusted: this is a possible attack. If the shop says it really changed its certificate, use &quot;Forget the trusted certificate&quot; in Settings and connect again.</source>
        <translation>Ничего не отправлено. %1 предъявляет не тот сертификат, которому вы доверились: возможна атака. Если магазин подтверждает, что действительно сменил сертификат, нажмите «Забыть доверенный сертификат» в настройках и подключитесь снова.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not valid</source>
        <translation>Сертификат сервера недействителен</translation>
    </message>
    <message>
        <source>Nothing was sent. The certificate %1 presented cannot be used, and Lotok does not offer to trust it: ask the shop to fix it.</source>
        <translation>Ничего не отправлено. Сертификат, который предъявил %1, использовать нельзя, и Lotok не предлагает ему доверять: попросите магазин его исправить.</translation>
    </message>
    <message>
        <source>Issued to:</source>
        <translation>Кому выдан:</translation>
    </message>
    <message>
        <source>Issued by:</source>
        <translation>Кем выдан:</translation>
    </message>
    <message>
        <source>Valid:</source>
        <translation>Действует:</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>с %1 по %2</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation>Отпечаток SHA-256:</translation>
    </message>
    <message>
        <source>Trusted fingerprint:</source>
        <translation>Доверенный отпечаток:</translation>
    </message>
    <message>
        <source>Problems:</source>
        <translation>Проблемы:</translation>
    </message>
    <message>
        <source>&amp;Trust this certificate for %1</source>
        <translation>&amp;Доверять этому сертификату для %1</translation>
    </message>
</context>
<context>
    <name>CheckoutDialog</name>
    <message>
        <source>C&amp;hange…</source>
        <translation>&amp;Изменить…</translation>
    </message>
    <message>
        <source>Check your order</source>
        <translation>Проверьте заказ</translation>
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
        <source>Change the delivery address in your profile</source>
        <translation>Изменить адрес доставки в профиле</translation>
    </message>
    <message>
        <source>Deliver to:</source>
        <translation>Куда доставить:</translation>
    </message>
    <message>
        <source>Paid from:</source>
        <translation>Оплата:</translation>
    </message>
    <message>
        <source>Prices are today&apos;s. Nothing is charged until you confirm.</source>
        <translation>Цены — сегодняшние. Деньги спишутся только после подтверждения.</translation>
    </message>
    <message>
        <source>&amp;Back to the cart</source>
        <translation>&amp;Назад в корзину</translation>
    </message>
    <message>
        <source>&amp;Confirm order</source>
        <translation>&amp;Подтвердить заказ</translation>
    </message>
    <message>
        <source>Total: %1</source>
        <translation>Итого: %1</translation>
    </message>
    <message>
        <source>your balance (not known yet; the shop checks it when the order is sent)</source>
        <translation>с баланса (он ещё не известен; магазин проверит его, когда получит заказ)</translation>
    </message>
    <message>
        <source>your balance, %1; after this order %2</source>
        <translation>с баланса: %1, после заказа останется %2</translation>
    </message>
    <message>
        <source>your balance, %1: %2 short. Go back and top up first.</source>
        <translation>с баланса: %1, не хватает %2. Вернитесь и сначала пополните баланс.</translation>
    </message>
    <message>
        <source>Could not be loaded; it is asked again when the server answers.</source>
        <translation>Не удалось загрузить; запросим снова, когда сервер ответит.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
</context>
<context>
    <name>CsvExport</name>
    <message>
        <source>Export as CSV</source>
        <translation>Экспорт в CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>Не удалось записать %1.</translation>
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
        <source>Mark order #%1 for %2 as received?</source>
        <translation>Отметить заказ №%1 для %2 как полученный?</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Подтверждение</translation>
    </message>
    <message>
        <source>Mark sent</source>
        <translation>Отметить отправленным</translation>
    </message>
    <message>
        <source>Mark received</source>
        <translation>Отметить полученным</translation>
    </message>
    <message>
        <source>Search by order, customer or address</source>
        <translation>Поиск по заказу, покупателю или адресу</translation>
    </message>
    <message>
        <source>Search deliveries</source>
        <translation>Поиск доставок</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 (%2 of %3)</source>
        <translation>%1 (%2 из %3)</translation>
    </message>
    <message numerus="yes">
        <source>Mark %n &amp;sent</source>
        <translation>
            <numerusform>Отметить %n &amp;отправленным</numerusform>
            <numerusform>Отметить %n &amp;отправленными</numerusform>
            <numerusform>Отметить %n &amp;отправленными</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Mark %n &amp;received</source>
        <translation>
            <numerusform>Отметить %n &amp;полученным</numerusform>
            <numerusform>Отметить %n &amp;полученными</numerusform>
            <numerusform>Отметить %n &amp;полученными</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Mark %n orders as sent?</source>
        <translation>
            <numerusform>Отметить %n заказ как отправленный?</numerusform>
            <numerusform>Отметить %n заказа как отправленные?</numerusform>
            <numerusform>Отметить %n заказов как отправленные?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Mark %n orders as received?</source>
        <translation>
            <numerusform>Отметить %n заказ как полученный?</numerusform>
            <numerusform>Отметить %n заказа как полученные?</numerusform>
            <numerusform>Отметить %n заказов как полученные?</numerusform>
        </translation>
    </message>
    <message>
        <source>#%1: %2</source>
        <translation>№%1: %2</translation>
    </message>
    <message>
        <source>Not every order could be moved: %1</source>
        <translation>Не все заказы удалось перевести: %1</translation>
    </message>
    <message>
        <source>Order %1 is marked as sent.</source>
        <translation>Заказ %1 отмечен как отправленный.</translation>
    </message>
    <message>
        <source>Order %1 is marked as received.</source>
        <translation>Заказ %1 отмечен как полученный.</translation>
    </message>
    <message numerus="yes">
        <source>%n orders are marked as sent: %1.</source>
        <translation>
            <numerusform>%n заказ отмечен как отправленный: %1.</numerusform>
            <numerusform>%n заказа отмечены как отправленные: %1.</numerusform>
            <numerusform>%n заказов отмечены как отправленные: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n orders are marked as received: %1.</source>
        <translation>
            <numerusform>%n заказ отмечен как полученный: %1.</numerusform>
            <numerusform>%n заказа отмечены как полученные: %1.</numerusform>
            <numerusform>%n заказов отмечены как полученные: %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FormField</name>
    <message>
        <source>= %1</source>
        <translation>= %1</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>%1 %2</source>
        <extracomment>Money: %1 is the amount, %2 the currency sign, e.g. &quot;1,250.00 ₽&quot;</extracomment>
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
        <translation>
            <numerusform>Не короче %n символа.</numerusform>
            <numerusform>Не короче %n символов.</numerusform>
            <numerusform>Не короче %n символов.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Must be at most %n character(s).</source>
        <translation>
            <numerusform>Не длиннее %n символа.</numerusform>
            <numerusform>Не длиннее %n символов.</numerusform>
            <numerusform>Не длиннее %n символов.</numerusform>
        </translation>
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
        <source>Use only Latin letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</source>
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
    <message>
        <source>Is that a thousand or one? Write %1 or %2.</source>
        <translation>Это тысяча или единица? Напишите %1 или %2.</translation>
    </message>
    <message>
        <source>Group digits by three (1 234 567,50) or do not group them.</source>
        <translation>Разделяйте цифры по три (1 234 567,50) или не разделяйте вовсе.</translation>
    </message>
    <message>
        <source>At most two digits after the decimal mark (kopecks).</source>
        <translation>Не больше двух цифр после запятой (копейки).</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Отменён</translation>
    </message>
    <message>
        <source>The order has already been sent, so it can no longer be cancelled.</source>
        <translation>Заказ уже отправлен, поэтому отменить его нельзя.</translation>
    </message>
    <message>
        <source>The order is already cancelled.</source>
        <translation>Заказ уже отменён.</translation>
    </message>
    <message>
        <source>Only a confirmed order that has not been sent can be cancelled.</source>
        <translation>Отменить можно только подтверждённый заказ, который ещё не отправлен.</translation>
    </message>
    <message>
        <source>The order cannot be cancelled.</source>
        <translation>Этот заказ нельзя отменить.</translation>
    </message>
    <message>
        <source>Order cancelled</source>
        <translation>Заказ отменён</translation>
    </message>
    <message>
        <source>Order #%1 was cancelled; its payment goes back to your balance.</source>
        <translation>Заказ №%1 отменён, деньги возвращаются на ваш баланс.</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <comment>delivery status</comment>
        <translation>Отменена</translation>
    </message>
    <message>
        <source>The server&apos;s certificate was refused, so nothing was sent.</source>
        <translation>Сертификат сервера отклонён, поэтому ничего не отправлено.</translation>
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
    <message>
        <source>About…</source>
        <translation>О программе…</translation>
    </message>
    <message>
        <source>This server is reached over http://: your password and everything else travel unencrypted. Use an https:// address unless the server is this computer.</source>
        <translation>Связь с этим сервером идёт по http://: пароль и все остальные данные передаются без шифрования. Используйте адрес https://, если только сервер не на этом компьютере.</translation>
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
        <translation>
            <numerusform>Уведомления, %n непрочитанное</numerusform>
            <numerusform>Уведомления, %n непрочитанных</numerusform>
            <numerusform>Уведомления, %n непрочитанных</numerusform>
        </translation>
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
        <source>Retry now</source>
        <translation>Повторить сейчас</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выйти</translation>
    </message>
    <message>
        <source>About Lotok</source>
        <translation>О программе «Лоток»</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Lotok %1&lt;/h3&gt;&lt;p&gt;The desktop app of the Lotok shop: the catalogue, orders and notifications for customers, and the back office for staff.&lt;/p&gt;&lt;p&gt;Licensed under the Apache License, Version 2.0.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Лоток %1&lt;/h3&gt;&lt;p&gt;Настольное приложение магазина «Лоток»: каталог, заказы и уведомления для покупателей и рабочее место для сотрудников.&lt;/p&gt;&lt;p&gt;Распространяется по лицензии Apache License, Version 2.0.&lt;/p&gt;&lt;p&gt;Собрано с Qt %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About</source>
        <translation>О программе</translation>
    </message>
    <message>
        <source>Lotok is still running</source>
        <translation>«Лоток» продолжает работать</translation>
    </message>
    <message>
        <source>New notifications will appear here. Choose Quit in this icon&apos;s menu to close Lotok.</source>
        <translation>Новые уведомления появятся здесь. Чтобы закрыть «Лоток», выберите «Выйти» в меню этого значка.</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Продажи</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
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
        <translation>
            <numerusform>%n непрочитанное уведомление</numerusform>
            <numerusform>%n непрочитанных уведомления</numerusform>
            <numerusform>%n непрочитанных уведомлений</numerusform>
        </translation>
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
    <message>
        <source>Customer:</source>
        <translation>Покупатель:</translation>
    </message>
    <message>
        <source>&amp;Print pick list…</source>
        <translation>&amp;Печать листа сборки…</translation>
    </message>
    <message>
        <source>Save as P&amp;DF…</source>
        <translation>Сохранить в P&amp;DF…</translation>
    </message>
    <message>
        <source>Save the pick list</source>
        <translation>Сохранить лист сборки</translation>
    </message>
    <message>
        <source>pick-list-%1.pdf</source>
        <translation>list-sborki-%1.pdf</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Pick list</source>
        <translation>Лист сборки</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>Не удалось записать %1.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>неизвестно</translation>
    </message>
    <message>
        <source>unknown (not loaded)</source>
        <translation>неизвестно (не загружено)</translation>
    </message>
    <message>
        <source>%1 (saved copy, not current)</source>
        <translation>%1 (сохранённая копия, может быть устаревшей)</translation>
    </message>
    <message>
        <source>Being prepared</source>
        <translation>Готовится</translation>
    </message>
    <message>
        <source>Unknown: the server could not be reached</source>
        <translation>Неизвестно: сервер недоступен</translation>
    </message>
    <message>
        <source>%1 (last known; %2)</source>
        <translation>%1 (последнее известное; %2)</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Неизвестно</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Телефон:</translation>
    </message>
    <message>
        <source>none given</source>
        <translation>не указан</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Pick list: order #%1&lt;/h2&gt;&lt;p&gt;&lt;b&gt;Customer:&lt;/b&gt; %2&lt;br&gt;&lt;b&gt;Login:&lt;/b&gt; %3&lt;br&gt;&lt;b&gt;Phone:&lt;/b&gt; %4&lt;br&gt;&lt;b&gt;Deliver to:&lt;/b&gt; %5&lt;/p&gt;&lt;table width=&quot;100%&quot; border=&quot;1&quot; cellspacing=&quot;0&quot; cellpadding=&quot;4&quot;&gt;&lt;tr&gt;&lt;th&gt;&lt;/th&gt;&lt;th align=&quot;left&quot;&gt;Item&lt;/th&gt;&lt;th align=&quot;right&quot;&gt;Count&lt;/th&gt;&lt;/tr&gt;%6&lt;/table&gt;&lt;p&gt;%7 item(s), %8 piece(s). Order total %9. Placed %10.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Лист сборки: заказ №%1&lt;/h2&gt;&lt;p&gt;&lt;b&gt;Покупатель:&lt;/b&gt; %2&lt;br&gt;&lt;b&gt;Логин:&lt;/b&gt; %3&lt;br&gt;&lt;b&gt;Телефон:&lt;/b&gt; %4&lt;br&gt;&lt;b&gt;Адрес доставки:&lt;/b&gt; %5&lt;/p&gt;&lt;table width=&quot;100%&quot; border=&quot;1&quot; cellspacing=&quot;0&quot; cellpadding=&quot;4&quot;&gt;&lt;tr&gt;&lt;th&gt;&lt;/th&gt;&lt;th align=&quot;left&quot;&gt;Товар&lt;/th&gt;&lt;th align=&quot;right&quot;&gt;Количество&lt;/th&gt;&lt;/tr&gt;%6&lt;/table&gt;&lt;p&gt;Позиций: %7, штук: %8. Сумма заказа %9. Оформлен %10.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Ca&amp;ncel order…</source>
        <translation>О&amp;тменить заказ…</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>Отмена заказа</translation>
    </message>
    <message>
        <source>Cancel order #%1? The goods go back to the shop and %2 goes back to the customer&apos;s balance.</source>
        <translation>Отменить заказ №%1? Товары вернутся в магазин, а %2 — на баланс покупателя.</translation>
    </message>
    <message>
        <source>Cancel the order</source>
        <translation>Отменить заказ</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Не отменять</translation>
    </message>
    <message>
        <source>Cancelled; the payment went back to the balance</source>
        <translation>Отменён, деньги вернулись на баланс</translation>
    </message>
    <message>
        <source>&amp;Repeat order</source>
        <translation>&amp;Повторить заказ</translation>
    </message>
    <message>
        <source>Put the same items in the cart, at today&apos;s prices</source>
        <translation>Положить те же товары в корзину по сегодняшним ценам</translation>
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
    <message>
        <source>Being prepared</source>
        <translation>Готовится</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Покупатель</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Доставка</translation>
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
    <message>
        <source>Order number, customer login or name</source>
        <translation>Номер заказа, логин или имя покупателя</translation>
    </message>
    <message>
        <source>Search orders</source>
        <translation>Поиск заказов</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Every status</source>
        <translation>Все статусы</translation>
    </message>
    <message>
        <source>&amp;Dates:</source>
        <translation>&amp;Даты:</translation>
    </message>
    <message>
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <source>To</source>
        <translation>По</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n заказ</numerusform>
            <numerusform>%n заказа</numerusform>
            <numerusform>%n заказов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n order(s)</source>
        <translation>
            <numerusform>%1 из %n заказа</numerusform>
            <numerusform>%1 из %n заказов</numerusform>
            <numerusform>%1 из %n заказов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) loaded, more as you scroll</source>
        <translation>
            <numerusform>Загружен %n заказ, остальные — при прокрутке</numerusform>
            <numerusform>Загружено %n заказа, остальные — при прокрутке</numerusform>
            <numerusform>Загружено %n заказов, остальные — при прокрутке</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>%1 (loading…)</source>
        <translation>%1 (загрузка…)</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>&amp;Экспорт в CSV…</translation>
    </message>
    <message>
        <source>orders.csv</source>
        <translation>zakazy.csv</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>Смена пароля</translation>
    </message>
    <message>
        <source>The two new passwords are not the same.</source>
        <translation>Новые пароли не совпадают.</translation>
    </message>
    <message>
        <source>&amp;Current password:</source>
        <translation>&amp;Текущий пароль:</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>&amp;Новый пароль:</translation>
    </message>
    <message>
        <source>&amp;Repeat the new password:</source>
        <translation>&amp;Повторите новый пароль:</translation>
    </message>
    <message>
        <source>Every other device signed in to your account will be signed out. This one stays signed in.</source>
        <translation>На всех других устройствах, где выполнен вход в вашу учётную запись, вход будет завершён. На этом — нет.</translation>
    </message>
    <message>
        <source>C&amp;hange password</source>
        <translation>С&amp;менить пароль</translation>
    </message>
    <message>
        <source>This is not your current password.</source>
        <translation>Это не ваш текущий пароль.</translation>
    </message>
    <message>
        <source>The previous attempt may have gone through: then your new password is already in effect.</source>
        <translation>Возможно, предыдущая попытка удалась: тогда уже действует новый пароль.</translation>
    </message>
</context>
<context>
    <name>PositionEditorDialog</name>
    <message>
        <source>C&amp;hoose picture…</source>
        <translation>&amp;Выбрать картинку…</translation>
    </message>
    <message>
        <source>Re&amp;move picture</source>
        <translation>&amp;Убрать картинку</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Сохранить</translation>
    </message>
    <message>
        <source>Details of %1</source>
        <translation>Подробности: %1</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>%1 of %2 characters</source>
        <translation>%1 из %2 символов</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Категория</translation>
    </message>
    <message>
        <source>&amp;New category…</source>
        <translation>&amp;Новая категория…</translation>
    </message>
    <message>
        <source>Choose a picture</source>
        <translation>Выберите картинку</translation>
    </message>
    <message>
        <source>Pictures (*.jpg *.jpeg *.png *.webp)</source>
        <translation>Картинки (*.jpg *.jpeg *.png *.webp)</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Описание:</translation>
    </message>
    <message>
        <source>C&amp;ategory:</source>
        <translation>&amp;Категория:</translation>
    </message>
    <message>
        <source>JPEG, PNG or WebP, up to %1 MiB.</source>
        <translation>JPEG, PNG или WebP, до %1 МиБ.</translation>
    </message>
    <message>
        <source>No category</source>
        <translation>Без категории</translation>
    </message>
    <message>
        <source>New category</source>
        <translation>Новая категория</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>There is a category with this name already.</source>
        <translation>Категория с таким названием уже есть.</translation>
    </message>
    <message>
        <source>The picture is larger than %1 MiB.</source>
        <translation>Картинка больше %1 МиБ.</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>Не удаётся прочитать %1.</translation>
    </message>
    <message>
        <source>No picture</source>
        <translation>Нет картинки</translation>
    </message>
    <message>
        <source>A new picture</source>
        <translation>Новая картинка</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохраняем…</translation>
    </message>
    <message>
        <source>The picture was not accepted: %1</source>
        <translation>Картинка не принята: %1</translation>
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
    <message>
        <source>%1 (archived)</source>
        <translation>%1 (в архиве)</translation>
    </message>
    <message>
        <source>Low stock: %1 or fewer left</source>
        <translation>Мало на складе: осталось %1 или меньше</translation>
    </message>
</context>
<context>
    <name>ProductDialog</name>
    <message>
        <source>Picture</source>
        <translation>Картинка</translation>
    </message>
    <message>
        <source>No category</source>
        <translation>Без категории</translation>
    </message>
    <message>
        <source>Category: %1</source>
        <translation>Категория: %1</translation>
    </message>
    <message>
        <source>%1 available</source>
        <translation>В наличии: %1</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>Нет в наличии</translation>
    </message>
    <message>
        <source>No description.</source>
        <translation>Описания нет.</translation>
    </message>
    <message>
        <source>No picture</source>
        <translation>Нет картинки</translation>
    </message>
    <message>
        <source>Loading the picture…</source>
        <translation>Загружаем картинку…</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <source>Change &amp;password…</source>
        <translation>&amp;Сменить пароль…</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <source>Login:</source>
        <translation>Логин:</translation>
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
        <source>E-mail &amp;language:</source>
        <translation>&amp;Язык писем:</translation>
    </message>
    <message>
        <source>E-mail language</source>
        <translation>Язык писем</translation>
    </message>
    <message>
        <source>Also send me each &amp;notification by e-mail</source>
        <translation>Присылать каждое &amp;уведомление и на почту</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>С&amp;охранить</translation>
    </message>
    <message>
        <source>Loading your profile…</source>
        <translation>Загружаем профиль…</translation>
    </message>
    <message numerus="yes">
        <source>Your password is changed. %n other device(s) were signed out.</source>
        <translation>
            <numerusform>Пароль изменён. Вход завершён на %n другом устройстве.</numerusform>
            <numerusform>Пароль изменён. Вход завершён на %n других устройствах.</numerusform>
            <numerusform>Пароль изменён. Вход завершён на %n других устройствах.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your password is changed.</source>
        <translation>Пароль изменён.</translation>
    </message>
</context>
<context>
    <name>RepeatOrder</name>
    <message>
        <source>%1 (no longer sold)</source>
        <translation>%1 (больше не продаётся)</translation>
    </message>
    <message>
        <source>%1 (all in stock already in the cart)</source>
        <translation>%1 (всё, что есть, уже в корзине)</translation>
    </message>
    <message>
        <source>%1 (sold out)</source>
        <translation>%1 (закончился)</translation>
    </message>
    <message>
        <source>%1 (%2 of %3: no more in stock)</source>
        <translation>%1 (%2 из %3: больше нет в наличии)</translation>
    </message>
    <message>
        <source>%1: %2 then, %3 now</source>
        <translation>%1: было %2, стало %3</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>Nothing from order #%1 could be put in the cart: %2.</source>
        <translation>Ничего из заказа №%1 не удалось положить в корзину: %2.</translation>
    </message>
    <message>
        <source>Order #%1 is in the cart again, at today&apos;s prices: %2.</source>
        <translation>Заказ №%1 снова в корзине, по сегодняшним ценам: %2.</translation>
    </message>
    <message>
        <source>Fewer than before: %1.</source>
        <translation>Меньше, чем в прошлый раз: %1.</translation>
    </message>
    <message>
        <source>Left out: %1.</source>
        <translation>Не вошло: %1.</translation>
    </message>
    <message>
        <source>Prices changed since: %1.</source>
        <translation>С тех пор изменились цены: %1.</translation>
    </message>
    <message>
        <source>Order #%1 has no items to repeat.</source>
        <translation>В заказе №%1 нет товаров, которые можно повторить.</translation>
    </message>
    <message>
        <source>Order #%1 could not be repeated: %2</source>
        <translation>Не удалось повторить заказ №%1: %2</translation>
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
    <message>
        <source>&amp;Closing the window keeps Lotok running in the tray</source>
        <translation>&amp;При закрытии окна «Лоток» остаётся в трее</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Выкл.</translation>
    </message>
    <message>
        <source>Highlight &amp;low stock at or below:</source>
        <translation>Подсвечивать &amp;малый остаток, не больше:</translation>
    </message>
    <message>
        <source>&amp;Forget the trusted certificate</source>
        <translation>&amp;Забыть доверенный сертификат</translation>
    </message>
    <message>
        <source>Trusted certificate for %1: SHA-256 %2</source>
        <translation>Доверенный сертификат для %1: SHA-256 %2</translation>
    </message>
    <message>
        <source>The certificate trusted for %1 is forgotten.</source>
        <translation>Доверенный сертификат для %1 забыт.</translation>
    </message>
</context>
<context>
    <name>StatsPage</name>
    <message>
        <source>Orders</source>
        <translation>Заказы</translation>
    </message>
    <message>
        <source>Revenue, ₽</source>
        <translation>Выручка, ₽</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>О&amp;бновить</translation>
    </message>
    <message>
        <source>Orders and revenue per day</source>
        <translation>Заказы и выручка по дням</translation>
    </message>
    <message>
        <source>Orders and revenue per hour</source>
        <translation>Заказы и выручка по часам</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message numerus="yes">
        <source>Last %n day(s)</source>
        <translation>
            <numerusform>Последний %n день</numerusform>
            <numerusform>Последние %n дня</numerusform>
            <numerusform>Последние %n дней</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Период:</translation>
    </message>
    <message>
        <source>Top positions</source>
        <translation>Лучшие товары</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Товар</translation>
    </message>
    <message>
        <source>Pieces</source>
        <translation>Штук</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Выручка</translation>
    </message>
    <message>
        <source>Top positions in the period</source>
        <translation>Лучшие товары за период</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>По дням</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n order(s), %2</source>
        <translation>
            <numerusform>%1: %n заказ, %2</numerusform>
            <numerusform>%1: %n заказа, %2</numerusform>
            <numerusform>%1: %n заказов, %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Per hour, today</source>
        <translation>По часам, сегодня</translation>
    </message>
    <message>
        <source>Per hour, %1</source>
        <translation>По часам, %1</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>Час</translation>
    </message>
    <message numerus="yes">
        <source>%1:00–%2:00: %n order(s), %3</source>
        <translation>
            <numerusform>%1:00–%2:00: %n заказ, %3</numerusform>
            <numerusform>%1:00–%2:00: %n заказа, %3</numerusform>
            <numerusform>%1:00–%2:00: %n заказов, %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Loading… %n order(s) so far</source>
        <translation>
            <numerusform>Загрузка… пока %n заказ</numerusform>
            <numerusform>Загрузка… пока %n заказа</numerusform>
            <numerusform>Загрузка… пока %n заказов</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s), %1; %2 on average</source>
        <translation>
            <numerusform>%n заказ, %1; в среднем %2</numerusform>
            <numerusform>%n заказа, %1; в среднем %2</numerusform>
            <numerusform>%n заказов, %1; в среднем %2</numerusform>
        </translation>
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
    <message>
        <source>Set &amp;count</source>
        <translation>Задать &amp;количество</translation>
    </message>
    <message>
        <source>Arc&amp;hive</source>
        <translation>В &amp;архив</translation>
    </message>
    <message>
        <source>Search positions</source>
        <translation>Поиск товаров</translation>
    </message>
    <message>
        <source>Stock-take: the available count becomes this number.</source>
        <translation>Инвентаризация: доступное количество станет равно этому числу.</translation>
    </message>
    <message>
        <source>Unarc&amp;hive</source>
        <translation>Из &amp;архива</translation>
    </message>
    <message numerus="yes">
        <source>%n position(s)</source>
        <translation>
            <numerusform>%n товар</numerusform>
            <numerusform>%n товара</numerusform>
            <numerusform>%n товаров</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 shown</source>
        <translation>показано %1</translation>
    </message>
    <message numerus="yes">
        <source>%n low on stock</source>
        <translation>
            <numerusform>%n заканчивается</numerusform>
            <numerusform>%n заканчиваются</numerusform>
            <numerusform>%n заканчиваются</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n archived</source>
        <translation>
            <numerusform>%n в архиве</numerusform>
            <numerusform>%n в архиве</numerusform>
            <numerusform>%n в архиве</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1”: %2 counted (was %3).</source>
        <translation>«%1»: насчитано %2 (было %3).</translation>
    </message>
    <message>
        <source>“%1” is archived: no longer sold, its history is kept.</source>
        <translation>«%1» в архиве: больше не продаётся, история сохранена.</translation>
    </message>
    <message>
        <source>“%1” is on sale again.</source>
        <translation>«%1» снова в продаже.</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>&amp;Экспорт в CSV…</translation>
    </message>
    <message>
        <source>stock.csv</source>
        <translation>sklad.csv</translation>
    </message>
    <message>
        <source>&amp;Details…</source>
        <translation>&amp;Подробнее…</translation>
    </message>
    <message>
        <source>%1 is saved.</source>
        <translation>«%1» сохранён.</translation>
    </message>
</context>
<context>
    <name>TransactionsModel</name>
    <message>
        <source>Top-up</source>
        <translation>Пополнение</translation>
    </message>
    <message>
        <source>Payment for order #%1</source>
        <translation>Оплата заказа №%1</translation>
    </message>
    <message>
        <source>Refund for order #%1</source>
        <translation>Возврат за заказ №%1</translation>
    </message>
    <message>
        <source>Opening balance</source>
        <extracomment>The first line of a statement for an account opened before statements existed</extracomment>
        <translation>Начальный остаток</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>Баланс после</translation>
    </message>
</context>
</TS>

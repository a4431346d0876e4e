<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>BalancePage</name>
    <message>
        <source>&amp;Top up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-ups are added to your balance at once. Orders are paid from the balance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was added to your balance.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BusyIndicator</name>
    <message>
        <source>Working</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CataloguePage</name>
    <message>
        <source>&amp;Add to cart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Place order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the catalogue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quantity:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the server; the catalogue is read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placing the order…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order #%1 is confirmed. %2 was charged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough goods in stock for this order. Nothing was charged. Lower the count and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit the cart to stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough money on your balance: the order costs %1, you have %2. Top up by %3 or remove something from the cart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top up balance</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeliveriesModel</name>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeliveriesPage</name>
    <message>
        <source>Mark &amp;sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark &amp;received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Awaiting shipment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark order #%1 for %2 as sent?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order #%1 is marked as sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark order #%1 for %2 as received?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order #%1 is marked as received.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>%1 %2</source>
        <extracomment>Money: %1 is the amount, %2 the currency sign, e.g. &quot;1,250.00 ₽&quot;</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not enough goods in stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not enough money on the balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Awaiting shipment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order #%1 is paid and is being prepared for delivery.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order #%1 was rejected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order #%1 is on its way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order #%1 has been delivered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order #%1 was updated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are not enough goods in stock. Lower the count and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is not enough money on your balance. Top up your balance or remove something from the cart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The login or the password is wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This login is already taken. Choose another one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many attempts. Wait a minute and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your session has ended. Sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are not allowed to do this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This delivery has already moved on. The list has been refreshed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shop is temporarily unavailable. Try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach the server. Check the connection; the app keeps retrying.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Must be at least %n character(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Must be at most %n character(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Must be at least %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Must be at most %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Must not be blank.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contains invalid characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Must not contain control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use only Latin letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an email address such as name@example.com.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use only digits, spaces and + - ( ).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Must have at least 5 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an amount such as %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Must not be zero.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Lotok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your neighbourhood shop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep me signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session is kept in the system keychain, never in a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;First name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La&amp;st name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;hone (optional):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delivery address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keychain is available, so you will stay signed in only until you quit.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Lotok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keychain is available, so you will stay signed in only until you quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (staff)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notifications (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Notifications, %n unread</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach the server at %1. Retrying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the server is lost. Showing saved data; retrying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing saved data while syncing with the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show Lotok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NotificationsPage</name>
    <message>
        <source>&amp;Mark all as read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No notifications yet. News about your orders appears here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All caught up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n unread notification(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrderDialog</name>
    <message>
        <source>Order #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No delivery for a rejected order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not scheduled yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed and paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrdersModel</name>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrdersPage</name>
    <message>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PositionsModel</name>
    <message>
        <source>Sold out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Available</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Show a &amp;tray message for each new notification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language takes effect the next time Lotok starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an address such as %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <source>&amp;Add position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Receive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Write off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a name or a price to change it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initial count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Price:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Count:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count to receive or write off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ount:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received %1 of “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote off %1 of “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write off more than is available.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

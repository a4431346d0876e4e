<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>BalancePage</name>
    <message>
        <source>&amp;Top up</source>
        <translation>&amp;Top up</translation>
    </message>
    <message>
        <source>Current balance</source>
        <translation>Current balance</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>&amp;Amount:</translation>
    </message>
    <message>
        <source>Top-ups are added to your balance at once. Orders are paid from the balance.</source>
        <translation>Top-ups are added to your balance at once. Orders are paid from the balance.</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Balance %1</source>
        <translation>Balance %1</translation>
    </message>
    <message>
        <source>Balance unknown</source>
        <translation>Balance unknown</translation>
    </message>
    <message>
        <source>%1 was added to your balance.</source>
        <translation>%1 was added to your balance.</translation>
    </message>
    <message>
        <source>Load &amp;more</source>
        <translation>Load &amp;more</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>E&amp;xport CSV…</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>Statement</translation>
    </message>
    <message>
        <source>statement.csv</source>
        <translation>statement.csv</translation>
    </message>
    <message>
        <source>No transactions yet.</source>
        <translation>No transactions yet.</translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s)</source>
        <translation>
            <numerusform>%n transaction</numerusform>
            <numerusform>%n transactions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s) loaded, more as you scroll</source>
        <translation>
            <numerusform>%n transaction loaded, more as you scroll</numerusform>
            <numerusform>%n transactions loaded, more as you scroll</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>%1 (loading…)</source>
        <translation>%1 (loading…)</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Dismiss message</translation>
    </message>
</context>
<context>
    <name>BusyIndicator</name>
    <message>
        <source>Working</source>
        <translation>Working</translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Subtotal</translation>
    </message>
</context>
<context>
    <name>CataloguePage</name>
    <message>
        <source>&amp;Add to cart</source>
        <translation>&amp;Add to cart</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Remove</translation>
    </message>
    <message>
        <source>&amp;Place order</source>
        <translation>&amp;Place order</translation>
    </message>
    <message>
        <source>Search the catalogue</source>
        <translation>Search the catalogue</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>&amp;Quantity:</source>
        <translation>&amp;Quantity:</translation>
    </message>
    <message>
        <source>Cart</source>
        <translation>Cart</translation>
    </message>
    <message>
        <source>Total: %1</source>
        <translation>Total: %1</translation>
    </message>
    <message>
        <source>Waiting for the server; the catalogue is read-only.</source>
        <translation>Waiting for the server; the catalogue is read-only.</translation>
    </message>
    <message>
        <source>Placing the order…</source>
        <translation>Placing the order…</translation>
    </message>
    <message>
        <source>Order #%1 is confirmed. %2 was charged.</source>
        <translation>Order #%1 is confirmed. %2 was charged.</translation>
    </message>
    <message>
        <source>Not enough goods in stock for this order. Nothing was charged. Lower the count and try again.</source>
        <translation>Not enough goods in stock for this order. Nothing was charged. Lower the count and try again.</translation>
    </message>
    <message>
        <source>Fit the cart to stock</source>
        <translation>Fit the cart to stock</translation>
    </message>
    <message>
        <source>Not enough money on your balance: the order costs %1, you have %2. Top up by %3 or remove something from the cart.</source>
        <translation>Not enough money on your balance: the order costs %1, you have %2. Top up by %3 or remove something from the cart.</translation>
    </message>
    <message>
        <source>Top up balance</source>
        <translation>Top up balance</translation>
    </message>
    <message>
        <source>The price of %1 changed from %2 to %3. The cart total is now %4.</source>
        <translation>The price of %1 changed from %2 to %3. The cart total is now %4.</translation>
    </message>
    <message>
        <source>Only %1 of %2 in stock; the cart keeps its count.</source>
        <translation>Only %1 of %2 in stock; the cart keeps its count.</translation>
    </message>
    <message>
        <source>%1 is sold out; the cart keeps its count.</source>
        <translation>%1 is sold out; the cart keeps its count.</translation>
    </message>
    <message numerus="yes">
        <source>%n product(s)</source>
        <translation>
            <numerusform>%n product</numerusform>
            <numerusform>%n products</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n product(s)</source>
        <translation>
            <numerusform>%1 of %n product</numerusform>
            <numerusform>%1 of %n products</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2 left, %3 in the cart)</source>
        <translation>%1 (%2 left, %3 in the cart)</translation>
    </message>
    <message>
        <source>%1 (sold out)</source>
        <translation>%1 (sold out)</translation>
    </message>
    <message>
        <source>Not enough in stock: %1. Nothing was charged.</source>
        <translation>Not enough in stock: %1. Nothing was charged.</translation>
    </message>
    <message>
        <source>%1, more loading…</source>
        <translation>%1, more loading…</translation>
    </message>
    <message>
        <source>&amp;Details…</source>
        <translation>&amp;Details…</translation>
    </message>
    <message>
        <source>Search names and descriptions</source>
        <translation>Search names and descriptions</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>List</source>
        <translation>List</translation>
    </message>
    <message>
        <source>Show the catalogue as a list</source>
        <translation>Show the catalogue as a list</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Show the catalogue as a grid of pictures</source>
        <translation>Show the catalogue as a grid of pictures</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>All categories</translation>
    </message>
</context>
<context>
    <name>CertificateDialog</name>
    <message>
        <source>The server&apos;s certificate is not trusted</source>
        <translation>The server&apos;s certificate is not trusted</translation>
    </message>
    <message>
        <source>Nothing was sent. The system does not know who issued the certificate %1 presented. Trust it only if the shop gave you this fingerprint: Lotok will then accept this one certificate for this server, and refuse any other.</source>
        <translation>Nothing was sent. The system does not know who issued the certificate %1 presented. Trust it only if the shop gave you this fingerprint: Lotok will then accept this one certificate for this server, and refuse any other.</translation>
    </message>
    <message>
        <source>The certificate changed since you trusted it</source>
        <translation>The certificate changed since you trusted it</translation>
    </message>
    <message>
        <source>Nothing was sent. %1 presents another certificate than the one you trusted: this is a possible attack. If the shop says it really changed its certificate, use &quot;Forget the trusted certificate&quot; in Settings and connect again.</source>
        <translation>Nothing was sent. %1 presents another certificate than the one you trusted: this is a possible attack. If the shop says it really changed its certificate, use &quot;Forget the trusted certificate&quot; in Settings and connect again.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not valid</source>
        <translation>The server&apos;s certificate is not valid</translation>
    </message>
    <message>
        <source>Nothing was sent. The certificate %1 presented cannot be used, and Lotok does not offer to trust it: ask the shop to fix it.</source>
        <translation>Nothing was sent. The certificate %1 presented cannot be used, and Lotok does not offer to trust it: ask the shop to fix it.</translation>
    </message>
    <message>
        <source>Issued to:</source>
        <translation>Issued to:</translation>
    </message>
    <message>
        <source>Issued by:</source>
        <translation>Issued by:</translation>
    </message>
    <message>
        <source>Valid:</source>
        <translation>Valid:</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 to %2</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation>SHA-256 fingerprint:</translation>
    </message>
    <message>
        <source>Trusted fingerprint:</source>
        <translation>Trusted fingerprint:</translation>
    </message>
    <message>
        <source>Problems:</source>
        <translation>Problems:</translation>
    </message>
    <message>
        <source>&amp;Trust this certificate for %1</source>
        <translation>&amp;Trust this certificate for %1</translation>
    </message>
</context>
<context>
    <name>CheckoutDialog</name>
    <message>
        <source>C&amp;hange…</source>
        <translation>C&amp;hange…</translation>
    </message>
    <message>
        <source>Check your order</source>
        <translation>Check your order</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <source>Change the delivery address in your profile</source>
        <translation>Change the delivery address in your profile</translation>
    </message>
    <message>
        <source>Deliver to:</source>
        <translation>Deliver to:</translation>
    </message>
    <message>
        <source>Paid from:</source>
        <translation>Paid from:</translation>
    </message>
    <message>
        <source>Prices are today&apos;s. Nothing is charged until you confirm.</source>
        <translation>Prices are today&apos;s. Nothing is charged until you confirm.</translation>
    </message>
    <message>
        <source>&amp;Back to the cart</source>
        <translation>&amp;Back to the cart</translation>
    </message>
    <message>
        <source>&amp;Confirm order</source>
        <translation>&amp;Confirm order</translation>
    </message>
    <message>
        <source>Total: %1</source>
        <translation>Total: %1</translation>
    </message>
    <message>
        <source>your balance (not known yet; the shop checks it when the order is sent)</source>
        <translation>your balance (not known yet; the shop checks it when the order is sent)</translation>
    </message>
    <message>
        <source>your balance, %1; after this order %2</source>
        <translation>your balance, %1; after this order %2</translation>
    </message>
    <message>
        <source>your balance, %1: %2 short. Go back and top up first.</source>
        <translation>your balance, %1: %2 short. Go back and top up first.</translation>
    </message>
    <message>
        <source>Could not be loaded; it is asked again when the server answers.</source>
        <translation>Could not be loaded; it is asked again when the server answers.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
</context>
<context>
    <name>CsvExport</name>
    <message>
        <source>Export as CSV</source>
        <translation>Export as CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>Could not write %1.</translation>
    </message>
</context>
<context>
    <name>DeliveriesModel</name>
    <message>
        <source>Order</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
</context>
<context>
    <name>DeliveriesPage</name>
    <message>
        <source>Mark &amp;sent</source>
        <translation>Mark &amp;sent</translation>
    </message>
    <message>
        <source>Mark &amp;received</source>
        <translation>Mark &amp;received</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Re&amp;fresh</translation>
    </message>
    <message>
        <source>Awaiting shipment</source>
        <translation>Awaiting shipment</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Mark order #%1 for %2 as sent?</source>
        <translation>Mark order #%1 for %2 as sent?</translation>
    </message>
    <message>
        <source>Mark order #%1 for %2 as received?</source>
        <translation>Mark order #%1 for %2 as received?</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Mark sent</source>
        <translation>Mark sent</translation>
    </message>
    <message>
        <source>Mark received</source>
        <translation>Mark received</translation>
    </message>
    <message>
        <source>Search by order, customer or address</source>
        <translation>Search by order, customer or address</translation>
    </message>
    <message>
        <source>Search deliveries</source>
        <translation>Search deliveries</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 (%2 of %3)</source>
        <translation>%1 (%2 of %3)</translation>
    </message>
    <message numerus="yes">
        <source>Mark %n &amp;sent</source>
        <translation>
            <numerusform>Mark %n &amp;sent</numerusform>
            <numerusform>Mark %n &amp;sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Mark %n &amp;received</source>
        <translation>
            <numerusform>Mark %n &amp;received</numerusform>
            <numerusform>Mark %n &amp;received</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Mark %n orders as sent?</source>
        <translation>
            <numerusform>Mark %n order as sent?</numerusform>
            <numerusform>Mark %n orders as sent?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Mark %n orders as received?</source>
        <translation>
            <numerusform>Mark %n order as received?</numerusform>
            <numerusform>Mark %n orders as received?</numerusform>
        </translation>
    </message>
    <message>
        <source>#%1: %2</source>
        <translation>#%1: %2</translation>
    </message>
    <message>
        <source>Not every order could be moved: %1</source>
        <translation>Not every order could be moved: %1</translation>
    </message>
    <message>
        <source>Order %1 is marked as sent.</source>
        <translation>Order %1 is marked as sent.</translation>
    </message>
    <message>
        <source>Order %1 is marked as received.</source>
        <translation>Order %1 is marked as received.</translation>
    </message>
    <message numerus="yes">
        <source>%n orders are marked as sent: %1.</source>
        <translation>
            <numerusform>%n order is marked as sent: %1.</numerusform>
            <numerusform>%n orders are marked as sent: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n orders are marked as received: %1.</source>
        <translation>
            <numerusform>%n order is marked as received: %1.</numerusform>
            <numerusform>%n orders are marked as received: %1.</numerusform>
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
        <translation>Processing</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>not enough goods in stock</source>
        <translation>not enough goods in stock</translation>
    </message>
    <message>
        <source>not enough money on the balance</source>
        <translation>not enough money on the balance</translation>
    </message>
    <message>
        <source>Awaiting shipment</source>
        <translation>Awaiting shipment</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Order confirmed</source>
        <translation>Order confirmed</translation>
    </message>
    <message>
        <source>Order rejected</source>
        <translation>Order rejected</translation>
    </message>
    <message>
        <source>Order sent</source>
        <translation>Order sent</translation>
    </message>
    <message>
        <source>Order delivered</source>
        <translation>Order delivered</translation>
    </message>
    <message>
        <source>Order #%1 is paid and is being prepared for delivery.</source>
        <translation>Order #%1 is paid and is being prepared for delivery.</translation>
    </message>
    <message>
        <source>Order #%1 was rejected.</source>
        <translation>Order #%1 was rejected.</translation>
    </message>
    <message>
        <source>Order #%1 is on its way.</source>
        <translation>Order #%1 is on its way.</translation>
    </message>
    <message>
        <source>Order #%1 has been delivered.</source>
        <translation>Order #%1 has been delivered.</translation>
    </message>
    <message>
        <source>Order #%1 was updated.</source>
        <translation>Order #%1 was updated.</translation>
    </message>
    <message>
        <source>There are not enough goods in stock. Lower the count and try again.</source>
        <translation>There are not enough goods in stock. Lower the count and try again.</translation>
    </message>
    <message>
        <source>There is not enough money on your balance. Top up your balance or remove something from the cart.</source>
        <translation>There is not enough money on your balance. Top up your balance or remove something from the cart.</translation>
    </message>
    <message>
        <source>The login or the password is wrong.</source>
        <translation>The login or the password is wrong.</translation>
    </message>
    <message>
        <source>This login is already taken. Choose another one.</source>
        <translation>This login is already taken. Choose another one.</translation>
    </message>
    <message>
        <source>Too many attempts. Wait a minute and try again.</source>
        <translation>Too many attempts. Wait a minute and try again.</translation>
    </message>
    <message>
        <source>Your session has ended. Sign in again.</source>
        <translation>Your session has ended. Sign in again.</translation>
    </message>
    <message>
        <source>You are not allowed to do this.</source>
        <translation>You are not allowed to do this.</translation>
    </message>
    <message>
        <source>Not found.</source>
        <translation>Not found.</translation>
    </message>
    <message>
        <source>This delivery has already moved on. The list has been refreshed.</source>
        <translation>This delivery has already moved on. The list has been refreshed.</translation>
    </message>
    <message>
        <source>The shop is temporarily unavailable. Try again in a moment.</source>
        <translation>The shop is temporarily unavailable. Try again in a moment.</translation>
    </message>
    <message>
        <source>Cannot reach the server. Check the connection; the app keeps retrying.</source>
        <translation>Cannot reach the server. Check the connection; the app keeps retrying.</translation>
    </message>
    <message>
        <source>Something went wrong (%1).</source>
        <translation>Something went wrong (%1).</translation>
    </message>
    <message numerus="yes">
        <source>Must be at least %n character(s).</source>
        <translation>
            <numerusform>Must be at least %n character.</numerusform>
            <numerusform>Must be at least %n characters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Must be at most %n character(s).</source>
        <translation>
            <numerusform>Must be at most %n character.</numerusform>
            <numerusform>Must be at most %n characters.</numerusform>
        </translation>
    </message>
    <message>
        <source>Must be at least %1.</source>
        <translation>Must be at least %1.</translation>
    </message>
    <message>
        <source>Must be at most %1.</source>
        <translation>Must be at most %1.</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Required.</translation>
    </message>
    <message>
        <source>Must not be blank.</source>
        <translation>Must not be blank.</translation>
    </message>
    <message>
        <source>Contains invalid characters.</source>
        <translation>Contains invalid characters.</translation>
    </message>
    <message>
        <source>Must not contain control characters.</source>
        <translation>Must not contain control characters.</translation>
    </message>
    <message>
        <source>Use only Latin letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</source>
        <translation>Use only Latin letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</translation>
    </message>
    <message>
        <source>Enter an email address such as name@example.com.</source>
        <translation>Enter an email address such as name@example.com.</translation>
    </message>
    <message>
        <source>Use only digits, spaces and + - ( ).</source>
        <translation>Use only digits, spaces and + - ( ).</translation>
    </message>
    <message>
        <source>Must have at least 5 digits.</source>
        <translation>Must have at least 5 digits.</translation>
    </message>
    <message>
        <source>Enter an amount such as %1.</source>
        <translation>Enter an amount such as %1.</translation>
    </message>
    <message>
        <source>Must not be zero.</source>
        <translation>Must not be zero.</translation>
    </message>
    <message>
        <source>Is that a thousand or one? Write %1 or %2.</source>
        <translation>Is that a thousand or one? Write %1 or %2.</translation>
    </message>
    <message>
        <source>Group digits by three (1 234 567,50) or do not group them.</source>
        <translation>Group digits by three (1 234 567,50) or do not group them.</translation>
    </message>
    <message>
        <source>At most two digits after the decimal mark (kopecks).</source>
        <translation>At most two digits after the decimal mark (kopecks).</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>The order has already been sent, so it can no longer be cancelled.</source>
        <translation>The order has already been sent, so it can no longer be cancelled.</translation>
    </message>
    <message>
        <source>The order is already cancelled.</source>
        <translation>The order is already cancelled.</translation>
    </message>
    <message>
        <source>Only a confirmed order that has not been sent can be cancelled.</source>
        <translation>Only a confirmed order that has not been sent can be cancelled.</translation>
    </message>
    <message>
        <source>The order cannot be cancelled.</source>
        <translation>The order cannot be cancelled.</translation>
    </message>
    <message>
        <source>Order cancelled</source>
        <translation>Order cancelled</translation>
    </message>
    <message>
        <source>Order #%1 was cancelled; its payment goes back to your balance.</source>
        <translation>Order #%1 was cancelled; its payment goes back to your balance.</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <comment>delivery status</comment>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>The server&apos;s certificate was refused, so nothing was sent.</source>
        <translation>The server&apos;s certificate was refused, so nothing was sent.</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Lotok</source>
        <translation>Lotok</translation>
    </message>
    <message>
        <source>Your neighbourhood shop</source>
        <translation>Your neighbourhood shop</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>Create account</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Login:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>&amp;Keep me signed in</source>
        <translation>&amp;Keep me signed in</translation>
    </message>
    <message>
        <source>The session is kept in the system keychain, never in a file.</source>
        <translation>The session is kept in the system keychain, never in a file.</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;Email:</translation>
    </message>
    <message>
        <source>&amp;First name:</source>
        <translation>&amp;First name:</translation>
    </message>
    <message>
        <source>La&amp;st name:</source>
        <translation>La&amp;st name:</translation>
    </message>
    <message>
        <source>P&amp;hone (optional):</source>
        <translation>P&amp;hone (optional):</translation>
    </message>
    <message>
        <source>&amp;Delivery address:</source>
        <translation>&amp;Delivery address:</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <source>No system keychain is available, so you will stay signed in only until you quit.</source>
        <translation>No system keychain is available, so you will stay signed in only until you quit.</translation>
    </message>
    <message>
        <source>About…</source>
        <translation>About…</translation>
    </message>
    <message>
        <source>This server is reached over http://: your password and everything else travel unencrypted. Use an https:// address unless the server is this computer.</source>
        <translation>This server is reached over http://: your password and everything else travel unencrypted. Use an https:// address unless the server is this computer.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Lotok</source>
        <translation>Lotok</translation>
    </message>
    <message>
        <source>No system keychain is available, so you will stay signed in only until you quit.</source>
        <translation>No system keychain is available, so you will stay signed in only until you quit.</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Notifications</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>Sections</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>Deliveries</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Balance</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Orders</translation>
    </message>
    <message>
        <source>%1 (staff)</source>
        <translation>%1 (staff)</translation>
    </message>
    <message>
        <source>Balance: %1</source>
        <translation>Balance: %1</translation>
    </message>
    <message>
        <source>Notifications (%1)</source>
        <translation>Notifications (%1)</translation>
    </message>
    <message numerus="yes">
        <source>Notifications, %n unread</source>
        <translation>
            <numerusform>Notifications, %n unread</numerusform>
            <numerusform>Notifications, %n unread</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Cannot reach the server at %1. Retrying…</source>
        <translation>Cannot reach the server at %1. Retrying…</translation>
    </message>
    <message>
        <source>The connection to the server is lost. Showing saved data; retrying…</source>
        <translation>The connection to the server is lost. Showing saved data; retrying…</translation>
    </message>
    <message>
        <source>Showing saved data while syncing with the server…</source>
        <translation>Showing saved data while syncing with the server…</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Show Lotok</source>
        <translation>Show Lotok</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Retry now</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>About Lotok</source>
        <translation>About Lotok</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Lotok %1&lt;/h3&gt;&lt;p&gt;The desktop app of the Lotok shop: the catalogue, orders and notifications for customers, and the back office for staff.&lt;/p&gt;&lt;p&gt;Licensed under the Apache License, Version 2.0.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Lotok %1&lt;/h3&gt;&lt;p&gt;The desktop app of the Lotok shop: the catalogue, orders and notifications for customers, and the back office for staff.&lt;/p&gt;&lt;p&gt;Licensed under the Apache License, Version 2.0.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About</source>
        <translation>About</translation>
    </message>
    <message>
        <source>Lotok is still running</source>
        <translation>Lotok is still running</translation>
    </message>
    <message>
        <source>New notifications will appear here. Choose Quit in this icon&apos;s menu to close Lotok.</source>
        <translation>New notifications will appear here. Choose Quit in this icon&apos;s menu to close Lotok.</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Sales</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profile</translation>
    </message>
</context>
<context>
    <name>NotificationsPage</name>
    <message>
        <source>&amp;Mark all as read</source>
        <translation>&amp;Mark all as read</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Notifications</translation>
    </message>
    <message>
        <source>No notifications yet. News about your orders appears here.</source>
        <translation>No notifications yet. News about your orders appears here.</translation>
    </message>
    <message>
        <source>All caught up.</source>
        <translation>All caught up.</translation>
    </message>
    <message numerus="yes">
        <source>%n unread notification(s)</source>
        <translation>
            <numerusform>%n unread notification</numerusform>
            <numerusform>%n unread notifications</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrderDialog</name>
    <message>
        <source>Order #%1</source>
        <translation>Order #%1</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Delivery:</source>
        <translation>Delivery:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>Total:</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>Rejected: %1</translation>
    </message>
    <message>
        <source>No delivery for a rejected order</source>
        <translation>No delivery for a rejected order</translation>
    </message>
    <message>
        <source>Not scheduled yet</source>
        <translation>Not scheduled yet</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Confirmed and paid</source>
        <translation>Confirmed and paid</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>Customer:</translation>
    </message>
    <message>
        <source>&amp;Print pick list…</source>
        <translation>&amp;Print pick list…</translation>
    </message>
    <message>
        <source>Save as P&amp;DF…</source>
        <translation>Save as P&amp;DF…</translation>
    </message>
    <message>
        <source>Save the pick list</source>
        <translation>Save the pick list</translation>
    </message>
    <message>
        <source>pick-list-%1.pdf</source>
        <translation>pick-list-%1.pdf</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Pick list</source>
        <translation>Pick list</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>Could not write %1.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>unknown (not loaded)</source>
        <translation>unknown (not loaded)</translation>
    </message>
    <message>
        <source>%1 (saved copy, not current)</source>
        <translation>%1 (saved copy, not current)</translation>
    </message>
    <message>
        <source>Being prepared</source>
        <translation>Being prepared</translation>
    </message>
    <message>
        <source>Unknown: the server could not be reached</source>
        <translation>Unknown: the server could not be reached</translation>
    </message>
    <message>
        <source>%1 (last known; %2)</source>
        <translation>%1 (last known; %2)</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <source>none given</source>
        <translation>none given</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Pick list: order #%1&lt;/h2&gt;&lt;p&gt;&lt;b&gt;Customer:&lt;/b&gt; %2&lt;br&gt;&lt;b&gt;Login:&lt;/b&gt; %3&lt;br&gt;&lt;b&gt;Phone:&lt;/b&gt; %4&lt;br&gt;&lt;b&gt;Deliver to:&lt;/b&gt; %5&lt;/p&gt;&lt;table width=&quot;100%&quot; border=&quot;1&quot; cellspacing=&quot;0&quot; cellpadding=&quot;4&quot;&gt;&lt;tr&gt;&lt;th&gt;&lt;/th&gt;&lt;th align=&quot;left&quot;&gt;Item&lt;/th&gt;&lt;th align=&quot;right&quot;&gt;Count&lt;/th&gt;&lt;/tr&gt;%6&lt;/table&gt;&lt;p&gt;%7 item(s), %8 piece(s). Order total %9. Placed %10.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Pick list: order #%1&lt;/h2&gt;&lt;p&gt;&lt;b&gt;Customer:&lt;/b&gt; %2&lt;br&gt;&lt;b&gt;Login:&lt;/b&gt; %3&lt;br&gt;&lt;b&gt;Phone:&lt;/b&gt; %4&lt;br&gt;&lt;b&gt;Deliver to:&lt;/b&gt; %5&lt;/p&gt;&lt;table width=&quot;100%&quot; border=&quot;1&quot; cellspacing=&quot;0&quot; cellpadding=&quot;4&quot;&gt;&lt;tr&gt;&lt;th&gt;&lt;/th&gt;&lt;th align=&quot;left&quot;&gt;Item&lt;/th&gt;&lt;th align=&quot;right&quot;&gt;Count&lt;/th&gt;&lt;/tr&gt;%6&lt;/table&gt;&lt;p&gt;%7 item(s), %8 piece(s). Order total %9. Placed %10.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Ca&amp;ncel order…</source>
        <translation>Ca&amp;ncel order…</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>Cancel order</translation>
    </message>
    <message>
        <source>Cancel order #%1? The goods go back to the shop and %2 goes back to the customer&apos;s balance.</source>
        <translation>Cancel order #%1? The goods go back to the shop and %2 goes back to the customer&apos;s balance.</translation>
    </message>
    <message>
        <source>Cancel the order</source>
        <translation>Cancel the order</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Keep it</translation>
    </message>
    <message>
        <source>Cancelled; the payment went back to the balance</source>
        <translation>Cancelled; the payment went back to the balance</translation>
    </message>
    <message>
        <source>&amp;Repeat order</source>
        <translation>&amp;Repeat order</translation>
    </message>
    <message>
        <source>Put the same items in the cart, at today&apos;s prices</source>
        <translation>Put the same items in the cart, at today&apos;s prices</translation>
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
        <translation>Order</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Being prepared</source>
        <translation>Being prepared</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Delivery</translation>
    </message>
</context>
<context>
    <name>OrdersPage</name>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Re&amp;fresh</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Orders</translation>
    </message>
    <message>
        <source>Order number, customer login or name</source>
        <translation>Order number, customer login or name</translation>
    </message>
    <message>
        <source>Search orders</source>
        <translation>Search orders</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Every status</source>
        <translation>Every status</translation>
    </message>
    <message>
        <source>&amp;Dates:</source>
        <translation>&amp;Dates:</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n order</numerusform>
            <numerusform>%n orders</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n order(s)</source>
        <translation>
            <numerusform>%1 of %n order</numerusform>
            <numerusform>%1 of %n orders</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) loaded, more as you scroll</source>
        <translation>
            <numerusform>%n order loaded, more as you scroll</numerusform>
            <numerusform>%n orders loaded, more as you scroll</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>%1 (loading…)</source>
        <translation>%1 (loading…)</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>E&amp;xport CSV…</translation>
    </message>
    <message>
        <source>orders.csv</source>
        <translation>orders.csv</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>The two new passwords are not the same.</source>
        <translation>The two new passwords are not the same.</translation>
    </message>
    <message>
        <source>&amp;Current password:</source>
        <translation>&amp;Current password:</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>&amp;New password:</translation>
    </message>
    <message>
        <source>&amp;Repeat the new password:</source>
        <translation>&amp;Repeat the new password:</translation>
    </message>
    <message>
        <source>Every other device signed in to your account will be signed out. This one stays signed in.</source>
        <translation>Every other device signed in to your account will be signed out. This one stays signed in.</translation>
    </message>
    <message>
        <source>C&amp;hange password</source>
        <translation>C&amp;hange password</translation>
    </message>
    <message>
        <source>This is not your current password.</source>
        <translation>This is not your current password.</translation>
    </message>
    <message>
        <source>The previous attempt may have gone through: then your new password is already in effect.</source>
        <translation>The previous attempt may have gone through: then your new password is already in effect.</translation>
    </message>
</context>
<context>
    <name>PositionEditorDialog</name>
    <message>
        <source>C&amp;hoose picture…</source>
        <translation>C&amp;hoose picture…</translation>
    </message>
    <message>
        <source>Re&amp;move picture</source>
        <translation>Re&amp;move picture</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Details of %1</source>
        <translation>Details of %1</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>%1 of %2 characters</source>
        <translation>%1 of %2 characters</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>&amp;New category…</source>
        <translation>&amp;New category…</translation>
    </message>
    <message>
        <source>Choose a picture</source>
        <translation>Choose a picture</translation>
    </message>
    <message>
        <source>Pictures (*.jpg *.jpeg *.png *.webp)</source>
        <translation>Pictures (*.jpg *.jpeg *.png *.webp)</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Description:</translation>
    </message>
    <message>
        <source>C&amp;ategory:</source>
        <translation>C&amp;ategory:</translation>
    </message>
    <message>
        <source>JPEG, PNG or WebP, up to %1 MiB.</source>
        <translation>JPEG, PNG or WebP, up to %1 MiB.</translation>
    </message>
    <message>
        <source>No category</source>
        <translation>No category</translation>
    </message>
    <message>
        <source>New category</source>
        <translation>New category</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>There is a category with this name already.</source>
        <translation>There is a category with this name already.</translation>
    </message>
    <message>
        <source>The picture is larger than %1 MiB.</source>
        <translation>The picture is larger than %1 MiB.</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>Cannot read %1.</translation>
    </message>
    <message>
        <source>No picture</source>
        <translation>No picture</translation>
    </message>
    <message>
        <source>A new picture</source>
        <translation>A new picture</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>The picture was not accepted: %1</source>
        <translation>The picture was not accepted: %1</translation>
    </message>
</context>
<context>
    <name>PositionsModel</name>
    <message>
        <source>Sold out</source>
        <translation>Sold out</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Available</translation>
    </message>
    <message>
        <source>%1 (archived)</source>
        <translation>%1 (archived)</translation>
    </message>
    <message>
        <source>Low stock: %1 or fewer left</source>
        <translation>Low stock: %1 or fewer left</translation>
    </message>
</context>
<context>
    <name>ProductDialog</name>
    <message>
        <source>Picture</source>
        <translation>Picture</translation>
    </message>
    <message>
        <source>No category</source>
        <translation>No category</translation>
    </message>
    <message>
        <source>Category: %1</source>
        <translation>Category: %1</translation>
    </message>
    <message>
        <source>%1 available</source>
        <translation>%1 available</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>Sold out</translation>
    </message>
    <message>
        <source>No description.</source>
        <translation>No description.</translation>
    </message>
    <message>
        <source>No picture</source>
        <translation>No picture</translation>
    </message>
    <message>
        <source>Loading the picture…</source>
        <translation>Loading the picture…</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <source>Change &amp;password…</source>
        <translation>Change &amp;password…</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profile</translation>
    </message>
    <message>
        <source>Login:</source>
        <translation>Login:</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;Email:</translation>
    </message>
    <message>
        <source>&amp;First name:</source>
        <translation>&amp;First name:</translation>
    </message>
    <message>
        <source>La&amp;st name:</source>
        <translation>La&amp;st name:</translation>
    </message>
    <message>
        <source>P&amp;hone (optional):</source>
        <translation>P&amp;hone (optional):</translation>
    </message>
    <message>
        <source>&amp;Delivery address:</source>
        <translation>&amp;Delivery address:</translation>
    </message>
    <message>
        <source>E-mail &amp;language:</source>
        <translation>E-mail &amp;language:</translation>
    </message>
    <message>
        <source>E-mail language</source>
        <translation>E-mail language</translation>
    </message>
    <message>
        <source>Also send me each &amp;notification by e-mail</source>
        <translation>Also send me each &amp;notification by e-mail</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Loading your profile…</source>
        <translation>Loading your profile…</translation>
    </message>
    <message numerus="yes">
        <source>Your password is changed. %n other device(s) were signed out.</source>
        <translation>
            <numerusform>Your password is changed. %n other device was signed out.</numerusform>
            <numerusform>Your password is changed. %n other devices were signed out.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your password is changed.</source>
        <translation>Your password is changed.</translation>
    </message>
</context>
<context>
    <name>RepeatOrder</name>
    <message>
        <source>%1 (no longer sold)</source>
        <translation>%1 (no longer sold)</translation>
    </message>
    <message>
        <source>%1 (all in stock already in the cart)</source>
        <translation>%1 (all in stock already in the cart)</translation>
    </message>
    <message>
        <source>%1 (sold out)</source>
        <translation>%1 (sold out)</translation>
    </message>
    <message>
        <source>%1 (%2 of %3: no more in stock)</source>
        <translation>%1 (%2 of %3: no more in stock)</translation>
    </message>
    <message>
        <source>%1: %2 then, %3 now</source>
        <translation>%1: %2 then, %3 now</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>Nothing from order #%1 could be put in the cart: %2.</source>
        <translation>Nothing from order #%1 could be put in the cart: %2.</translation>
    </message>
    <message>
        <source>Order #%1 is in the cart again, at today&apos;s prices: %2.</source>
        <translation>Order #%1 is in the cart again, at today&apos;s prices: %2.</translation>
    </message>
    <message>
        <source>Fewer than before: %1.</source>
        <translation>Fewer than before: %1.</translation>
    </message>
    <message>
        <source>Left out: %1.</source>
        <translation>Left out: %1.</translation>
    </message>
    <message>
        <source>Prices changed since: %1.</source>
        <translation>Prices changed since: %1.</translation>
    </message>
    <message>
        <source>Order #%1 has no items to repeat.</source>
        <translation>Order #%1 has no items to repeat.</translation>
    </message>
    <message>
        <source>Order #%1 could not be repeated: %2</source>
        <translation>Order #%1 could not be repeated: %2</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Show a &amp;tray message for each new notification</source>
        <translation>Show a &amp;tray message for each new notification</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>System default</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <source>A new language takes effect the next time Lotok starts.</source>
        <translation>A new language takes effect the next time Lotok starts.</translation>
    </message>
    <message>
        <source>Enter an address such as %1.</source>
        <translation>Enter an address such as %1.</translation>
    </message>
    <message>
        <source>&amp;Closing the window keeps Lotok running in the tray</source>
        <translation>&amp;Closing the window keeps Lotok running in the tray</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>Highlight &amp;low stock at or below:</source>
        <translation>Highlight &amp;low stock at or below:</translation>
    </message>
    <message>
        <source>&amp;Forget the trusted certificate</source>
        <translation>&amp;Forget the trusted certificate</translation>
    </message>
    <message>
        <source>Trusted certificate for %1: SHA-256 %2</source>
        <translation>Trusted certificate for %1: SHA-256 %2</translation>
    </message>
    <message>
        <source>The certificate trusted for %1 is forgotten.</source>
        <translation>The certificate trusted for %1 is forgotten.</translation>
    </message>
</context>
<context>
    <name>StatsPage</name>
    <message>
        <source>Orders</source>
        <translation>Orders</translation>
    </message>
    <message>
        <source>Revenue, ₽</source>
        <translation>Revenue, ₽</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Re&amp;fresh</translation>
    </message>
    <message>
        <source>Orders and revenue per day</source>
        <translation>Orders and revenue per day</translation>
    </message>
    <message>
        <source>Orders and revenue per hour</source>
        <translation>Orders and revenue per hour</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message numerus="yes">
        <source>Last %n day(s)</source>
        <translation>
            <numerusform>Last %n day</numerusform>
            <numerusform>Last %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Period:</translation>
    </message>
    <message>
        <source>Top positions</source>
        <translation>Top positions</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Pieces</source>
        <translation>Pieces</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Revenue</translation>
    </message>
    <message>
        <source>Top positions in the period</source>
        <translation>Top positions in the period</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>Per day</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n order(s), %2</source>
        <translation>
            <numerusform>%1: %n order, %2</numerusform>
            <numerusform>%1: %n orders, %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Per hour, today</source>
        <translation>Per hour, today</translation>
    </message>
    <message>
        <source>Per hour, %1</source>
        <translation>Per hour, %1</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>Hour</translation>
    </message>
    <message numerus="yes">
        <source>%1:00–%2:00: %n order(s), %3</source>
        <translation>
            <numerusform>%1:00–%2:00: %n order, %3</numerusform>
            <numerusform>%1:00–%2:00: %n orders, %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Loading… %n order(s) so far</source>
        <translation>
            <numerusform>Loading… %n order so far</numerusform>
            <numerusform>Loading… %n orders so far</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s), %1; %2 on average</source>
        <translation>
            <numerusform>%n order, %1; %2 on average</numerusform>
            <numerusform>%n orders, %1; %2 on average</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <source>&amp;Add position</source>
        <translation>&amp;Add position</translation>
    </message>
    <message>
        <source>&amp;Receive</source>
        <translation>&amp;Receive</translation>
    </message>
    <message>
        <source>&amp;Write off</source>
        <translation>&amp;Write off</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Double-click a name or a price to change it.</source>
        <translation>Double-click a name or a price to change it.</translation>
    </message>
    <message>
        <source>Initial count</source>
        <translation>Initial count</translation>
    </message>
    <message>
        <source>New position</source>
        <translation>New position</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Price:</source>
        <translation>&amp;Price:</translation>
    </message>
    <message>
        <source>&amp;Count:</source>
        <translation>&amp;Count:</translation>
    </message>
    <message>
        <source>Count to receive or write off</source>
        <translation>Count to receive or write off</translation>
    </message>
    <message>
        <source>Selected position</source>
        <translation>Selected position</translation>
    </message>
    <message>
        <source>C&amp;ount:</source>
        <translation>C&amp;ount:</translation>
    </message>
    <message>
        <source>“%1” is saved.</source>
        <translation>“%1” is saved.</translation>
    </message>
    <message>
        <source>“%1” is added.</source>
        <translation>“%1” is added.</translation>
    </message>
    <message>
        <source>Received %1 of “%2”.</source>
        <translation>Received %1 of “%2”.</translation>
    </message>
    <message>
        <source>Wrote off %1 of “%2”.</source>
        <translation>Wrote off %1 of “%2”.</translation>
    </message>
    <message>
        <source>Cannot write off more than is available.</source>
        <translation>Cannot write off more than is available.</translation>
    </message>
    <message>
        <source>Set &amp;count</source>
        <translation>Set &amp;count</translation>
    </message>
    <message>
        <source>Arc&amp;hive</source>
        <translation>Arc&amp;hive</translation>
    </message>
    <message>
        <source>Search positions</source>
        <translation>Search positions</translation>
    </message>
    <message>
        <source>Stock-take: the available count becomes this number.</source>
        <translation>Stock-take: the available count becomes this number.</translation>
    </message>
    <message>
        <source>Unarc&amp;hive</source>
        <translation>Unarc&amp;hive</translation>
    </message>
    <message numerus="yes">
        <source>%n position(s)</source>
        <translation>
            <numerusform>%n position</numerusform>
            <numerusform>%n positions</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 shown</source>
        <translation>%1 shown</translation>
    </message>
    <message numerus="yes">
        <source>%n low on stock</source>
        <translation>
            <numerusform>%n low on stock</numerusform>
            <numerusform>%n low on stock</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n archived</source>
        <translation>
            <numerusform>%n archived</numerusform>
            <numerusform>%n archived</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1”: %2 counted (was %3).</source>
        <translation>“%1”: %2 counted (was %3).</translation>
    </message>
    <message>
        <source>“%1” is archived: no longer sold, its history is kept.</source>
        <translation>“%1” is archived: no longer sold, its history is kept.</translation>
    </message>
    <message>
        <source>“%1” is on sale again.</source>
        <translation>“%1” is on sale again.</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>E&amp;xport CSV…</translation>
    </message>
    <message>
        <source>stock.csv</source>
        <translation>stock.csv</translation>
    </message>
    <message>
        <source>&amp;Details…</source>
        <translation>&amp;Details…</translation>
    </message>
    <message>
        <source>%1 is saved.</source>
        <translation>%1 is saved.</translation>
    </message>
</context>
<context>
    <name>TransactionsModel</name>
    <message>
        <source>Top-up</source>
        <translation>Top-up</translation>
    </message>
    <message>
        <source>Payment for order #%1</source>
        <translation>Payment for order #%1</translation>
    </message>
    <message>
        <source>Refund for order #%1</source>
        <translation>Refund for order #%1</translation>
    </message>
    <message>
        <source>Opening balance</source>
        <extracomment>The first line of a statement for an account opened before statements existed</extracomment>
        <translation>Opening balance</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>Balance after</translation>
    </message>
</context>
</TS>

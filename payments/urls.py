from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("", views.orders, name="orders"),
    # Fixed paths first: an order number must not swallow "notify" or "staff".
    path("notify/<slug:gateway>/", views.notify, name="notify"),
    path("staff/", views.staff_orders, name="staff_orders"),
    path("staff/export.xlsx", views.staff_export, name="staff_export"),
    path("staff/invoices.xlsx", views.staff_invoice_export, name="staff_invoice_export"),
    path("staff/items/", views.staff_fee_items, name="staff_fee_items"),
    path("staff/items/new/", views.staff_fee_item, name="staff_fee_item_new"),
    path("staff/items/<int:pk>/", views.staff_fee_item, name="staff_fee_item"),
    path("staff/<int:pk>/", views.staff_order, name="staff_order"),
    path("staff/<int:pk>/confirm/", views.staff_confirm, name="staff_confirm"),
    path("staff/<int:pk>/refund/", views.staff_refund, name="staff_refund"),
    path("staff/<int:pk>/reopen/", views.staff_reopen, name="staff_reopen"),
    path("staff/<int:pk>/invoice/", views.staff_invoice, name="staff_invoice"),
    path("<str:number>/pay/", views.pay, name="pay"),
    path("<str:number>/return/", views.payment_return, name="return"),
    path("<str:number>/sandbox/", views.sandbox, name="sandbox_pay"),
    path("<str:number>/invoice/", views.invoice_request, name="invoice"),
    path("<str:number>/invoice.pdf", views.invoice_download, name="invoice_download"),
]

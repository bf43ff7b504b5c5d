"""The desk's accounts: Django's user admin, with superuser status kept to superusers."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """
    Django's user admin, with superuser status kept to superusers.

    Administrators manage accounts and roles (groups), but only a superuser
    grants superuser status or changes, deletes or sets the password of a
    superuser's account: otherwise anyone who manages accounts could make
    themselves one, or take one over.
    """

    def _touches_superuser(self, request, account):
        return account is not None and account.is_superuser and not request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        # Also guards the password form, which asks for change permission on the account.
        return not self._touches_superuser(request, obj) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return not self._touches_superuser(request, obj) and super().has_delete_permission(
            request, obj
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.append("is_superuser")
        return readonly

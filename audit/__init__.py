"""
The audit trail: who did what to which object, and when. The model
(`audit.models`), recording (`audit.trail`), role changes recorded by
signals (`audit.roles`), the request's user as actor
(`audit.middleware`) and the read-only desk page (`audit.admin`).
Imports no domain app.
"""

"""Every write of domain state goes through a service function in this package."""

"""Every read of the operational plans, restricted by the authorization module, one module per part."""

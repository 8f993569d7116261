"""i18n-news: press releases as gettext catalogs, built into multilingual static sites."""

__version__ = "0.1.0"

"""The Django project of the Nam Đồng campaign site."""

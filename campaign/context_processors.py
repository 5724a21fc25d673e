"""Context every public page shares: the organisation's JSON-LD."""

from django.core.exceptions import DisallowedHost
from django.templatetags.static import static
from django.urls import reverse


def site(request):
    try:
        base = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        # The 400 page for a forged Host header is rendered with this processor too.
        return {}
    return {
        "organization_ld": {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": "Ủy ban MTTQ Việt Nam phường Nam Đồng",
            "alternateName": "Mặt trận Tổ quốc phường Nam Đồng",
            "url": base + reverse("campaign:home"),
            "logo": base + static("img/icon-512.png"),
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Nam Đồng",
                "addressRegion": "Hải Phòng",
                "addressCountry": "VN",
            },
        }
    }

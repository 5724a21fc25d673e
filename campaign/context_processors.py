"""Context every public page shares: the organisation's JSON-LD."""

from django.templatetags.static import static
from django.urls import reverse


def site(request):
    base = f"{request.scheme}://{request.get_host()}"
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

"""Context every public page shares: the organisation's JSON-LD, and the deployment's id
(a key of the cached page chrome in base.html)."""

from django.core.exceptions import DisallowedHost
from django.templatetags.static import static
from django.urls import reverse

from namdong_site.pagecache import deploy_id


def site(request):
    context = {"deploy_id": deploy_id()}
    try:
        base = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        # The 400 page for a forged Host header is rendered with this processor too.
        return context
    context["organization_ld"] = {
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
    return context

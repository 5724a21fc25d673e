"""Model fields that store text in Unicode NFC form.

Text typed on phones, pasted from Word or received from other systems may come
decomposed (NFD). Two spellings of one word would then neither compare equal
nor be found by search, so every text field of the campaign normalises on the
way in, whatever path the value takes (admin form, loader, shell).
"""

from django.db import models

from .text import nfc


class NFCMixin:
    def to_python(self, value):
        return nfc(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = nfc(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value


class NFCCharField(NFCMixin, models.CharField):
    pass


class NFCTextField(NFCMixin, models.TextField):
    pass

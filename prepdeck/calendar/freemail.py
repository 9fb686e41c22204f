"""Mail domains shared by the public: an attendee at one of these says nothing about a client."""

from __future__ import annotations

FREE_MAIL_DOMAINS = frozenset(
    """
    aim.com aol.com att.net bellsouth.net bigpond.com btinternet.com comcast.net cox.net
    duck.com email.com fastmail.com fastmail.fm free.fr freenet.de gmail.com gmx.at gmx.ch
    gmx.com gmx.de gmx.net googlemail.com hey.com hotmail.co.uk hotmail.com hotmail.de
    hotmail.fr hotmail.it hushmail.com icloud.com inbox.com laposte.net libero.it live.co.uk
    live.com live.fr mac.com mail.com mail.ru me.com msn.com naver.com o2.pl onet.pl
    orange.fr outlook.com outlook.de outlook.fr pm.me posteo.de proton.me protonmail.ch
    protonmail.com qq.com rambler.ru rediffmail.com rocketmail.com sbcglobal.net seznam.cz
    sky.com t-online.de tiscali.it tuta.io tutanota.com verizon.net virgilio.it web.de
    wp.pl yahoo.co.in yahoo.co.jp yahoo.co.uk yahoo.com yahoo.de yahoo.es yahoo.fr yahoo.it
    yandex.com yandex.ru ymail.com zoho.com
    """.split()
)


def is_free_mail(domain: str) -> bool:
    return domain.lower() in FREE_MAIL_DOMAINS

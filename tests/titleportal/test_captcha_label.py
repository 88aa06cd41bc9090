"""The captcha's text box has a real label: screen readers announce what to type in it."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "label"),
    [("account_login", "验证码"), ("certificates:verify", "验证码"), ("account_signup", "验证码")],
)
def test_the_captcha_input_is_labelled(client, demo, url, label):
    page = client.get(reverse(url)).content.decode()
    inputs = re.findall(r'<input[^>]*name="captcha_1"[^>]*>', page)
    assert len(inputs) == 1, inputs
    box = inputs[0]
    assert 'type="text"' in box
    box_id = re.search(r'id="([^"]+)"', box).group(1)
    labels = re.findall(rf'<label[^>]*for="{re.escape(box_id)}"[^>]*>(.*?)</label>', page, re.S)
    assert labels, f"no <label for={box_id}>"
    assert label in re.sub(r"<[^>]+>", "", labels[0])
    # The picture says what it is, and the refresh button has a name too.
    assert re.search(r'<img[^>]*class="captcha-image"[^>]*alt="[^"]+"', page) or re.search(
        r'<img[^>]*alt="[^"]+"[^>]*class="captcha-image', page
    )

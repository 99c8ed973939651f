def test_home_page_renders_in_arabic_right_to_left(client, community):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.text

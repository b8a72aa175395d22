"""Photo metadata (policy 4.4): `steward screen --image` finds GPS and identifying data in real JPEG and PNG files
written by Pillow; `steward strip-metadata` removes it, and the stripped file still decodes to the same pixels."""
import json
import subprocess

from PIL import Image, PngImagePlugin

from conftest import BINARY


def steward(*args):
    return subprocess.run([str(BINARY), *args], capture_output=True, text=True, timeout=60)


def make_jpeg_with_gps(path):
    image = Image.new("RGB", (64, 48), (200, 120, 40))
    for x in range(64):
        image.putpixel((x, x % 48), (10, 200, 90))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x013B] = "Jane Teacher"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 12.5)
    gps[3] = "W"
    gps[4] = (0.0, 7.0, 39.0)
    image.save(path, "JPEG", exif=exif, quality=90, comment=b"Taken at home")


def make_png_with_text(path):
    image = Image.new("RGBA", (32, 32), (0, 0, 255, 128))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Teacher")
    info.add_itxt("Description", "Year 2 at 14 Acacia Avenue")
    image.save(path, "PNG", pnginfo=info)


def test_a_jpeg_with_gps_blocks_and_strips_losslessly(tmp_path):
    photo = tmp_path / "trip.jpg"
    make_jpeg_with_gps(photo)
    result = steward("screen", "--json", "--image", str(photo))
    assert result.returncode == 2, result.stderr
    findings = json.loads(result.stdout)[0]["findings"]
    kinds = {f["kind"] for f in findings}
    assert "gps-location" in kinds
    assert all(f["category"] == "image-location" and f["clause"] == "4.4" for f in findings)

    clean = tmp_path / "trip-clean.jpg"
    stripped = steward("strip-metadata", str(photo), str(clean))
    assert stripped.returncode == 0, stripped.stderr
    with Image.open(photo) as before, Image.open(clean) as after:
        after.load()
        assert not after.getexif()
        assert "comment" not in after.info
        # Not re-encoded: the decoded pixels are identical.
        assert before.tobytes() == after.tobytes()
    again = steward("screen", "--json", "--image", str(clean))
    assert again.returncode == 0
    assert json.loads(again.stdout)[0]["findings"] == []


def test_a_png_with_text_chunks_blocks_and_strips_losslessly(tmp_path):
    photo = tmp_path / "art.png"
    make_png_with_text(photo)
    result = steward("screen", "--json", "--image", str(photo))
    assert result.returncode == 2
    assert json.loads(result.stdout)[0]["findings"][0]["kind"] == "identifying-metadata"
    clean = tmp_path / "art-clean.png"
    assert steward("strip-metadata", str(photo), str(clean)).returncode == 0
    with Image.open(photo) as before, Image.open(clean) as after:
        after.load()
        assert "Author" not in after.info and "Description" not in after.info
        assert before.tobytes() == after.tobytes()
    assert steward("screen", "--image", str(clean)).returncode == 0


def test_a_file_that_is_not_a_photo_is_refused_clearly(tmp_path):
    fake = tmp_path / "fake.jpg"
    fake.write_bytes(b"MZ\x90\x00 this is an executable, not a photo")
    result = steward("screen", "--json", "--image", str(fake))
    assert result.returncode == 2
    assert json.loads(result.stdout)[0]["findings"][0]["kind"] == "unreadable"
    assert steward("strip-metadata", str(fake), str(tmp_path / "out.jpg")).returncode == 65

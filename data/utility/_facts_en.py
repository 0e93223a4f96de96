"""English fact templates: what a user in the US or the UK tells an assistant to remember."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

import _values as v
from _catalog import Fact, pick, prof, slot

P = Mapping[str, Any]


def _phone(rng: random.Random, p: P) -> str:
    if p["country"] == "GB":
        return v.uk_mobile(rng)
    # Mostly local numbers, sometimes someone who lives elsewhere.
    return v.us_phone(rng, p["areas"]) if rng.random() < 0.7 else v.us_phone(rng)


def _email_personal(rng: random.Random, p: P, first: str, last: str) -> str:
    first, last = first.lower(), last.lower()
    user = rng.choice((f"{first}.{last}", f"{first}{last[0]}{rng.randint(10, 99)}", f"{first[0]}{last}{rng.randint(1, 9)}",
                       f"{first}_{last}{rng.randint(80, 99)}"))
    return f"{user}@{rng.choice(('gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me'))}"


def _friend_email(rng: random.Random, p: P) -> str:
    return _email_personal(rng, p, p["friend"].split()[0], p["friend"].split()[1])


def _own_email(rng: random.Random, p: P) -> str:
    return _email_personal(rng, p, p["first"], p["last"])


def _work_email(rng: random.Random, p: P) -> str:
    return f"{p['first'].lower()}.{p['last'].lower()}@{p['domain']}"


def _money(lo: int, hi: int, step: int) -> Any:
    def make(rng: random.Random, p: P) -> str:
        amount = rng.randrange(lo, hi, step)
        return f"£{amount:,}" if p["country"] == "GB" else f"${amount:,}"

    return make


def _dob(rng: random.Random, p: P) -> str:
    b = p["birth"]
    return b.strftime("%B ") + str(b.day) + b.strftime(", %Y") if p["country"] == "US" else f"{b.day} {b.strftime('%B %Y')}"


def _national(rng: random.Random, p: P) -> str:
    return v.uk_ni_number(rng) if p["country"] == "GB" else v.us_ssn(rng)


def _licence(rng: random.Random, p: P) -> str:
    if p["country"] == "GB":
        return v.uk_driving_licence(rng, p["last"], p["first"], p["birth"], p["female"])
    return v.ca_driver_license(rng)


def _plate(rng: random.Random, p: P) -> str:
    return v.uk_plate(rng) if p["country"] == "GB" else v.us_plate(rng)


def _passport(rng: random.Random, p: P) -> str:
    return v.passport(rng, p["country"])


def _flight(rng: random.Random, p: P) -> str:
    return rng.choice(("UA", "DL", "AA", "BA", "VS", "AS", "B6")) + str(rng.randint(100, 2999))


def _exp(rng: random.Random, p: P) -> str:
    return f"{rng.randint(1, 12):02d}/{rng.randint(27, 31)}"


_DOCTORS = ("Okafor", "Lindqvist", "Ramirez", "Nakamura", "Whitfield", "Brennan", "Castellano", "Haddad")
_PETS = ("Biscuit", "Pepper", "Mochi", "Rufus", "Hazel", "Ziggy")
_MEDS = ("metformin 500 mg", "sertraline 50 mg", "lisinopril 10 mg", "levothyroxine 75 mcg", "atorvastatin 20 mg",
         "montelukast 10 mg")
_CONDS = ("blood sugar", "anxiety", "blood pressure", "thyroid", "cholesterol", "asthma")
_ALLERGENS = ("penicillin", "shellfish", "peanuts", "latex", "sulfa drugs", "bee stings")
_DIAGNOSES = ("a herniated disc at L4-L5", "stage 1 hypertension", "celiac disease", "mild sleep apnea",
              "iron-deficiency anemia", "a torn meniscus in my left knee")
_BLOOD = ("O negative", "A positive", "B negative", "AB positive", "O positive")
_DESTS = ("Lisbon", "Tokyo", "Reykjavik", "Mexico City", "Vancouver", "Athens", "Singapore", "Marrakech")
_HOTELS = ("Hotel Avenida Palace", "Park Hyatt", "Canopy by Hilton", "the Fairmont", "a small place called Casa Azul",
           "the Marriott downtown")
_SITES = ("Reddit", "Steam", "Discord", "Strava", "Goodreads", "Chess.com")


def _handle(rng: random.Random, p: P) -> str:
    base = rng.choice((p["first"].lower(), p["last"].lower(), rng.choice(("nightowl", "trailrunner", "pixelfox", "quietstorm"))))
    return f"{base}{rng.choice(('_', '.', ''))}{rng.randint(7, 99)}"


FACTS: tuple[Fact, ...] = (
    # -- contacts
    Fact("own_phone", "contacts",
         ("My cell is {phone}, use that one if anything comes up.",
          "heads up, I ported my number, my mobile is still {phone} though",
          "Put {phone} as my contact number on the form, that's my cell."),
         ("What's my own cell phone number?", "Which number is my mobile?", "What number can people reach me on?"),
         "phone", {"phone": slot("Phone Number", _phone)}),
    Fact("mom_phone", "contacts",
         ("Mom just switched carriers, her new number is {phone}.",
          "my mom {mom} has a new phone: {phone} - the old one is disconnected"),
         ("What's my mom's new phone number?", "How do I call my mother now?"),
         "phone", {"phone": slot("Phone Number", _phone), "mom": slot("Third-Party Identifiable Info", prof("mom"))}),
    Fact("dentist_phone", "contacts",
         ("New dentist: Dr. {doc} at {clinic}, the clinic line is {phone}.",
          "Save this - Dr. {doc}'s dental office is {phone}, they're closed Fridays."),
         ("What's the phone number of my dentist's office?", "How can I reach my dentist?"),
         "phone", {"phone": slot("Phone Number", _phone), "doc": slot("Third-Party Identifiable Info", pick(*_DOCTORS)),
                   "clinic": slot(None, pick("Bright Smile Dental", "Parkside Dental", "Riverside Family Dentistry"))}),
    Fact("friend_email", "contacts",
         ("{friend} finally sent me her personal email: {email}. Use it for the book club invites.",
          "Note: {friend}'s email is {email}, she doesn't check her work one."),
         ("What is {friend}'s personal email address?",),
         "email", {"email": slot("Email", _friend_email), "friend": slot("Third-Party Identifiable Info", prof("friend"))}),
    Fact("work_email", "contacts",
         ("For anything job-related my work address is {email}.",
          "New job means new email - {email} is my work one now."),
         ("What's my work email address?", "Where should job-related mail go?"),
         "email", {"email": slot("Email", _work_email)}),
    Fact("personal_email", "contacts",
         ("Send the receipts to {email}, that's my personal inbox.",),
         ("Which email do I use for personal stuff?", "Where do I want receipts sent?"),
         "email", {"email": slot("Email", _own_email)}),
    Fact("emergency", "contacts",
         ("If there's ever an emergency, call my brother {bro} at {phone}.",
          "Emergency contact for the school trip form: {bro} (brother), {phone}."),
         ("What number should be called in an emergency?", "What's my emergency contact's number?", "Who do I call if something happens to me?"),
         "phone", {"phone": slot("Phone Number", _phone), "bro": slot("Third-Party Identifiable Info", prof("brother"))}),
    Fact("home_address", "contacts",
         ("We moved! The new place is {address}.",
          "Shipping address for all my orders is now {address}."),
         ("What's my home address?", "Where do I live now?"),
         "address", {"address": slot("Detailed Address", prof("address"))}),
    Fact("landlord", "contacts",
         ("The landlord is {landlord}, text him at {phone} for repairs.",),
         ("How do I reach my landlord?",),
         "phone", {"phone": slot("Phone Number", _phone), "landlord": slot("Third-Party Identifiable Info", prof("landlord"))}),
    Fact("vet", "contacts",
         ("{pet}'s vet is at {vetclinic}, their number is {phone}.",),
         ("What's the vet's phone number?",),
         "phone", {"phone": slot("Phone Number", _phone), "pet": slot(None, pick(*_PETS)),
                   "vetclinic": slot(None, pick("Oakwood Animal Hospital", "Paws & Claws Clinic", "Greenway Vets"))}),
    Fact("kid_school", "contacts",
         ("{kid} starts second grade at {school} in September, drop-off is at 8:10.",),
         ("Which school is {kid} starting at?",),
         "school", {"school": slot("School", pick("Lincoln Elementary", "Maple Grove Primary", "St. Anne's Primary School",
                                                    "Riverside Elementary")),
                    "kid": slot("Minor Information", prof("kid"))}, kind="fact"),
    # -- accounts
    Fact("card", "accounts",
         ("My Visa is {card}, exp {exp}. Use it for the hotel deposit.",
          "card for online orders: {card} (expires {exp})"),
         ("What's my Visa card number?", "Which card number do I use for online orders?", "What card do I pay with when I shop online?"),
         "card", {"card": slot("Bank/Payment Card Number", lambda r, p: v.card_number(r, "visa")),
                  "exp": slot(None, _exp)}),
    Fact("amex", "accounts",
         ("The Amex I use for work travel is {card}.",),
         ("What's the number of my work travel Amex?",),
         "card", {"card": slot("Bank/Payment Card Number", lambda r, p: v.card_number(r, "amex"))}),
    Fact("bank_us", "accounts",
         ("Direct deposit info for payroll: routing {routing}, account {acct}.",),
         ("What's my bank account number for direct deposit?",),
         "acct", {"acct": slot("Financial Account", lambda r, p: v.digits(r, 10, first_nonzero=True)),
                  "routing": slot("Financial Account", lambda r, p: v.aba_routing(r))},
         when=lambda p: p["country"] == "US"),
    Fact("bank_gb", "accounts",
         ("My IBAN for the transfer from Spain is {iban}.",),
         ("What's my IBAN?",),
         "iban", {"iban": slot("Financial Account", lambda r, p: v.gb_iban(r))},
         when=lambda p: p["country"] == "GB"),
    Fact("username", "accounts",
         ("My {site} username is {handle} if you ever need to find my posts.",),
         ("What's my {site} username?",),
         "handle", {"handle": slot("Account ID/Username", _handle), "site": slot(None, pick(*_SITES))}),
    Fact("wifi", "accounts",
         ("Home wifi: network {ssid}, password {pw}",
          "Guests keep asking, so: the Wi-Fi is {ssid} and the password is {pw}."),
         ("What's the home Wi-Fi password?", "What do guests type to get online at my place?"),
         "pw", {"pw": slot("Password", lambda r, p: v.password(r)),
                "ssid": slot(None, pick("NETGEAR57", "TheLAN_Before_Time", "Casa5G", "BT-7HX2Q"))}),
    Fact("gmail_pw", "accounts",
         ("I changed my Gmail password to {pw}, don't let me forget it.",),
         ("What did I change my Gmail password to?", "How do I log in to my Gmail now?"),
         "pw", {"pw": slot("Password", lambda r, p: v.password(r))}),
    Fact("debit_pin", "accounts",
         ("The PIN for my debit card is {pin}.", "debit card pin = {pin}, I always blank at the ATM"),
         ("What's my debit card PIN?", "What do I punch in at the ATM?"),
         "pin", {"pin": slot("PIN", lambda r, p: v.pin(r))}),
    Fact("api_key", "accounts",
         ("The API key for my side project is {key}, keep it handy.",),
         ("What's the API key for my side project?", "Which secret does my side project use to call the API?"),
         "key", {"key": slot("Key", lambda r, p: v.api_key(r))}),
    Fact("backup_codes", "accounts",
         ("Backup codes for my GitHub 2FA: {codes}",),
         ("What are my GitHub backup codes?",),
         "codes", {"codes": slot("Backup Code", lambda r, p: v.backup_codes(r))}),
    Fact("otp", "accounts",
         ("The bank just texted me a verification code, {otp}, it expires in ten minutes.",),
         ("What verification code did the bank text me?", "What was the code in the bank's SMS?"),
         "otp", {"otp": slot("Verification Code", lambda r, p: v.otp(r))}),
    # -- ids
    Fact("passport", "ids",
         ("Passport number {passport}, expires {year}. I need it for the visa form.",
          "for the airline profile: passport {passport}"),
         ("What's my passport number?", "Which number is printed on my passport?"),
         "passport", {"passport": slot("Passport Number", _passport), "year": slot(None, pick("2029", "2031", "2033"))}),
    Fact("national_id", "ids",
         ("The tax form keeps asking for my {idname}: {nid}.",),
         ("What's my {idname}?",),
         "nid", {"nid": slot("ID Number", _national), "idname": slot(None, lambda r, p: "National Insurance number"
                                                                      if p["country"] == "GB" else "SSN")}),
    Fact("license", "ids",
         ("Driver's license number: {dl}, in case the rental place asks.",),
         ("What's my driver's license number?", "What will the car rental desk need from my license?"),
         "dl", {"dl": slot("Driver's License Number", _licence)}),
    Fact("plate", "ids",
         ("Our car's plate is {plate} - needed for the parking permit.",),
         ("What's the license plate on our car?", "What's our car's registration?"),
         "plate", {"plate": slot("License Plate", _plate)}),
    Fact("dob", "ids",
         ("For the record, my birthday is {dob}.",),
         ("When is my birthday?", "What's my date of birth?"),
         "dob", {"dob": slot("Specific Date of Birth", _dob)}),
    # -- health
    Fact("medication", "health",
         ("Doctor put me on {med} for my {cond}, once a day with breakfast.",),
         ("What medication did the doctor put me on?", "Which pills am I taking every day?"),
         "med", {"med": slot("Medical Health", pick(*_MEDS)), "cond": slot("Medical Health", pick(*_CONDS))}, kind="fact"),
    Fact("allergy", "health",
         ("Please remember I'm allergic to {allergen}, it gives me hives.",),
         ("What am I allergic to?", "What should I avoid because of my allergy?"),
         "allergen", {"allergen": slot("Medical Health", pick(*_ALLERGENS))}, kind="fact"),
    Fact("diagnosis", "health",
         ("Got the MRI results back: {diagnosis}. Physio twice a week for now.",
          "So the specialist says it's {diagnosis}."),
         ("What did the doctor diagnose me with?", "What did the specialist find?"),
         "diagnosis", {"diagnosis": slot("Medical Health", pick(*_DIAGNOSES))}, kind="fact"),
    Fact("blood", "health",
         ("My blood type is {bt}, in case it matters for the donation drive.",),
         ("What's my blood type?",),
         "bt", {"bt": slot("Medical Health", pick(*_BLOOD))}, kind="fact"),
    Fact("mrn", "health",
         ("My patient number at {hospital} is MRN {mrn}.",),
         ("What's my medical record number at the hospital?",),
         "mrn", {"mrn": slot("Medical Record", lambda r, p: v.digits(r, 8)),
                 "hospital": slot(None, pick("St. Luke's", "Mercy General", "the Royal Infirmary", "Kaiser"))}),
    Fact("insurance", "health",
         ("Health insurance member ID is {member}, group {group}.",),
         ("What's my health insurance member ID?",),
         "member", {"member": slot("Financial Account", lambda r, p: v.confirmation_code(r, 3) + v.digits(r, 9)),
                    "group": slot("Financial Account", lambda r, p: v.digits(r, 6))}),
    # -- travel
    Fact("flight", "travel",
         ("Booked it: flight {flight} to {dest}, leaving the morning of the {day}th.",),
         ("What's my flight number to {dest}?",),
         "flight", {"flight": slot("Itinerary/Trajectory", _flight), "dest": slot(None, pick(*_DESTS)),
                    "day": slot(None, lambda r, p: str(r.randint(4, 28)))}, kind="fact"),
    Fact("hotel", "travel",
         ("The hotel in {city2} is {hotel}, confirmation number {conf}.",),
         ("What's the confirmation number for my hotel in {city2}?",),
         "conf", {"conf": slot("Accommodation Records", lambda r, p: v.digits(r, 9, first_nonzero=True)),
                  "hotel": slot(None, pick(*_HOTELS)), "city2": slot(None, pick(*_DESTS))}),
    Fact("ffn", "travel",
         ("My frequent flyer number is {ffn}, add it to every booking.",),
         ("What's my frequent flyer number?", "Which loyalty number goes on my flight bookings?"),
         "ffn", {"ffn": slot("Account ID/Username", lambda r, p: v.confirmation_code(r, 2) + v.digits(r, 7))}),
    Fact("pnr", "travel",
         ("Booking reference for the train to {town} is {pnr}.",),
         ("What's the booking reference for my train ticket?",),
         "pnr", {"pnr": slot("Itinerary/Trajectory", lambda r, p: v.confirmation_code(r, 6)),
                 "town": slot(None, pick("Edinburgh", "Boston", "Paris", "Portland"))}),
    # -- money
    Fact("salary", "money",
         ("Got the offer letter: {salary} base plus a small signing bonus.",),
         ("What's the base salary in my new offer?",),
         "salary", {"salary": slot("Assets/Income", _money(68000, 190000, 500))}, kind="fact"),
    Fact("mortgage", "money",
         ("We still owe {loan} on the mortgage, hoping to overpay a bit this year.",),
         ("How much is left on our mortgage?", "How much do we still owe on the house?"),
         "loan", {"loan": slot("Debt/Loan Info", _money(90000, 480000, 250))}, kind="fact"),
    Fact("credit", "money",
         ("Checked my credit score today, it's {score} now!",),
         ("What's my credit score?",),
         "score", {"score": slot("Credit Score", lambda r, p: str(r.randint(640, 815)))}, kind="fact"),
    Fact("student_loan", "money",
         ("Student loan balance is down to {loan}.",),
         ("How much student loan do I still have?",),
         "loan", {"loan": slot("Debt/Loan Info", _money(4000, 52000, 50))}, kind="fact"),
    # -- work
    Fact("employer", "work",
         ("I start at {company} on Monday as a {title}!",),
         ("Which company do I work for now?", "Who is my new employer?"),
         "company", {"company": slot("Employer/Company Name", prof("company")), "title": slot("Job Title/Rank", prof("title"))},
         kind="fact"),
    Fact("staging_ip", "work",
         ("The staging server is at {ip}, ssh in as deploy.",),
         ("What's the IP address of the staging server?", "Where do I ssh to for staging?"),
         "ip", {"ip": slot("Internal IP", lambda r, p: v.internal_ip(r))}),
    Fact("db_url", "work",
         ("Prod DB connection string, for the migration: {dburl}",),
         ("What's the production database connection string?",),
         "dburl", {"dburl": slot("Database Connection String", lambda r, p: v.db_url(r, r.choice(("orders", "billing", "analytics", "crm"))))}),
    Fact("project", "work",
         ("Our new product is codenamed {code} internally, keep that quiet.",),
         ("What's the internal codename of our new product?",),
         "code", {"code": slot("Project Code", prof("project"))}, kind="fact"),
    Fact("employee_id", "work",
         ("My employee ID is {emp}, HR needs it on every form.",),
         ("What's my employee ID?",),
         "emp", {"emp": slot("Account ID/Username", lambda r, p: "E" + v.digits(r, 6))}),
    Fact("home_ip", "work",
         ("My home IP for the VPN allowlist is {ip}.",),
         ("What's my home IP for the VPN allowlist?",),
         "ip", {"ip": slot("IP Address", lambda r, p: v.public_ip(r))}),
    # -- codes
    Fact("door_code", "codes",
         ("The building door code is {code}, press the bell icon first.",),
         ("What's the code for the building door?", "How do I get in the front door of my building?"),
         "code", {"code": slot("Password", lambda r, p: v.pin(r, 4) + "#")}),
    Fact("locker", "codes",
         ("Gym locker combination is {combo}.",),
         ("What's my gym locker combination?",),
         "combo", {"combo": slot("Password", lambda r, p: f"{r.randint(1, 39)}-{r.randint(1, 39)}-{r.randint(1, 39)}")}),
    Fact("security_answer", "codes",
         ("For the bank's security question, my first pet's name was {pet}.",),
         ("What's the answer to my bank's security question?",),
         "pet", {"pet": slot("Security Question Answer", pick("Snowball", "Captain", "Noodle", "Mr. Whiskers", "Bandit"))},
         kind="fact"),
    Fact("alarm", "codes",
         ("Alarm code for the house is {code}, the panel is by the back door.",),
         ("What's the house alarm code?", "How do I turn off the alarm at home?"),
         "code", {"code": slot("PIN", lambda r, p: v.pin(r, 6))}),
)

FILLERS: tuple[str, ...] = (
    "I've been trying to drink more water lately, remind me around 3pm.",
    "I prefer aisle seats on long flights.",
    "Can you keep my grocery list? Oat milk, spinach, eggs, coffee beans.",
    "I really liked that Thai place we found last week, let's go back sometime.",
    "Remind me to water the plants on Sunday.",
    "I'm reading Project Hail Mary right now, about halfway through.",
    "Not a morning person at all, don't schedule anything before 9.",
    "I want to run a half marathon next spring, help me plan training.",
    "The app says version 5.2.1 is available, should I update?",
    "Order #48213 from the bookstore arrived damaged, I need to complain.",
    "I'm vegetarian most days but I eat fish occasionally.",
    "Let's plan a weekend hike when the weather gets better.",
    "My favorite color for the living room is a muted sage green.",
    "Remind me to call the bank about the new card on Tuesday.",
    "I usually go to the gym after work, around 6:30.",
    "The meeting got moved to Thursday at 2pm.",
    "I've been sleeping badly because of the construction next door.",
    "Pick a nice podcast for my commute, something about history.",
    "I spent way too much on takeout this month, help me budget.",
    "My sister's wedding is in October, I still need to buy a suit.",
    "The new vacuum was $249.99, was that a good price?",
    "I take my coffee with oat milk, no sugar.",
    "Can you remind me that the recycling goes out every other Wednesday?",
    "I'm trying to learn Spanish, 15 minutes a day on the app.",
    "The ISBN on the textbook is 978-0-13-468599-1, can you check if it's the latest edition?",
    "Our team standup is at 9:45 every weekday.",
    "I'd like to cook more at home, suggest easy dinners for two.",
    "The package tracking says it left the depot at 06:12 this morning.",
    "Thinking about getting a dog, but the apartment is small.",
    "I hate driving at night, plan trips so I arrive before dark.",
    "Firmware 2.4.18 bricked my router last time, remind me not to auto-update.",
    "We're hosting Thanksgiving this year, around 12 people.",
)

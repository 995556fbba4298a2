/**
 * Small built-in lists that make fake people and places look plausible. Nothing here is a real customer:
 * phone numbers use the fictional 555-01xx range, e-mail addresses the reserved example.* domains.
 */

export const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William',
  'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Christopher', 'Lisa',
  'Daniel', 'Nancy', 'Matthew', 'Betty', 'Anthony', 'Sandra', 'Mark', 'Margaret', 'Donald', 'Ashley', 'Steven',
  'Kimberly', 'Andrew', 'Emily', 'Paul', 'Donna', 'Joshua', 'Michelle', 'Kenneth', 'Carol', 'Kevin', 'Amanda',
  'Brian', 'Melissa', 'George', 'Deborah', 'Timothy', 'Stephanie', 'José', 'María', 'Luis', 'Ana', 'Carlos',
  'Sofía', 'Wei', 'Mei', 'Minh', 'Linh', 'Ji-woo', 'Seo-yeon', 'Aisha', 'Omar', 'Priya', 'Arjun', 'Zoë', 'Chloé',
  'Renée', 'André', 'Björn', 'Fatima', 'Kwame', 'Amara', 'Hiroshi', 'Yuki', 'Olga', 'Dmitri', 'Siobhan', 'Seán',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee',
  'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young',
  'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker',
  'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Muñoz', 'Peña', 'Ibáñez', "O'Brien", "O'Connor",
  'McDonald', 'Van der Berg', 'Kim', 'Park', 'Chen', 'Wang', 'Tran', 'Patel', 'Shah', 'Okafor', 'Mensah',
  'Novak', 'Kowalski', 'Müller', 'Søren', 'Dubois', 'Rossi', 'Silva', 'Costa', 'Yamamoto', 'Sato', 'Cohen',
] as const;

export const STREET_NAMES = [
  'Main', 'Oak', 'Pine', 'Maple', 'Cedar', 'Elm', 'Washington', 'Lake', 'Hill', 'Park', 'Walnut', 'Spring',
  'Church', 'Lincoln', 'Jefferson', 'Madison', 'Franklin', 'Chestnut', 'Willow', 'Sunset', 'Ridge', 'Meadow',
  'Forest', 'River', 'Highland', 'Mill', 'Cherry', 'Dogwood', 'Hickory', 'Laurel', 'Magnolia', 'Sycamore',
  'Birch', 'Poplar', 'Holly', 'Jackson', 'Monroe', 'Adams', 'Union', 'Center', 'Valley', 'Orchard', 'Brookside',
  'Fairfax', 'Lee', 'Chain Bridge', 'Old Dominion', 'Little River', 'Braddock', 'Glebe',
] as const;

export const STREET_SUFFIXES = ['St', 'Ave', 'Rd', 'Dr', 'Ln', 'Ct', 'Blvd', 'Way', 'Pl', 'Ter', 'Cir', 'Pkwy'] as const;
export const STREET_DIRECTIONS = ['N', 'S', 'E', 'W', 'NE', 'NW'] as const;

/** The service territory: cities of one state with their ZIP code stems (three digits + two). */
export const CITIES: readonly { readonly city: string; readonly state: string; readonly zips: readonly string[] }[] = [
  { city: 'Fairfax', state: 'VA', zips: ['22030', '22031', '22032', '22033'] },
  { city: 'Arlington', state: 'VA', zips: ['22201', '22202', '22203', '22204', '22205'] },
  { city: 'Alexandria', state: 'VA', zips: ['22301', '22302', '22304', '22314'] },
  { city: 'Reston', state: 'VA', zips: ['20190', '20191', '20194'] },
  { city: 'Herndon', state: 'VA', zips: ['20170', '20171'] },
  { city: 'Vienna', state: 'VA', zips: ['22180', '22181', '22182'] },
  { city: 'Falls Church', state: 'VA', zips: ['22041', '22042', '22043', '22046'] },
  { city: 'Springfield', state: 'VA', zips: ['22150', '22151', '22152', '22153'] },
  { city: 'Manassas', state: 'VA', zips: ['20109', '20110', '20111', '20112'] },
  { city: 'Leesburg', state: 'VA', zips: ['20175', '20176'] },
  { city: 'Woodbridge', state: 'VA', zips: ['22191', '22192', '22193'] },
  { city: 'Centreville', state: 'VA', zips: ['20120', '20121'] },
];

/** Mailing addresses outside the territory (owners who live elsewhere). */
export const OTHER_CITIES: readonly { readonly city: string; readonly state: string; readonly zips: readonly string[] }[] = [
  { city: 'Bethesda', state: 'MD', zips: ['20814', '20816', '20817'] },
  { city: 'Washington', state: 'DC', zips: ['20001', '20002', '20009', '20016'] },
  { city: 'Richmond', state: 'VA', zips: ['23219', '23220', '23221'] },
  { city: 'Raleigh', state: 'NC', zips: ['27601', '27603', '27608'] },
  { city: 'Philadelphia', state: 'PA', zips: ['19103', '19106', '19147'] },
  { city: 'San Juan', state: 'PR', zips: ['00901', '00907', '00909'] },
];

export const AREA_CODES = ['703', '571', '202', '301'] as const;

export const BUSINESS_KINDS = [
  'Hardware', 'Bakery', 'Dental Care', 'Auto Repair', 'Dry Cleaners', 'Pharmacy', 'Coffee House', 'Pizzeria',
  'Family Practice', 'Law Offices', 'Fitness Studio', 'Pet Clinic', 'Florist', 'Books', 'Print Shop',
  'Market', 'Laundromat', 'Tailors', 'Insurance Agency', 'Realty', 'Grill', 'Deli', 'Salon', 'Daycare',
] as const;

export const BUSINESS_SUFFIXES = ['', '', ' LLC', ' Inc', ' & Sons', ' Co'] as const;

export const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example.com'] as const;

export const LANGUAGES = ['en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'es', 'es', 'zh', 'vi', 'ko'] as const;
